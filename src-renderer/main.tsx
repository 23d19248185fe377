// Entry point of the renderer bundle (index.html loads it); styles first so the first paint is themed.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/spotlight/styles.css';
import { createRoot } from 'react-dom/client';
import { Root } from './Root';

const el = document.getElementById('root');
if (!el) throw new Error('index.html has no #root');
createRoot(el).render(<Root />);
