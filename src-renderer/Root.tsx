import { StrictMode } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { I18nextProvider } from 'react-i18next';
import { i18n } from './i18n/i18n';
import { colorSchemeManager, theme } from './theme/theme';
import { App } from './App';

export function Root() {
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="light">
          <Notifications position="top-right" limit={4} />
          <App />
        </MantineProvider>
      </I18nextProvider>
    </StrictMode>
  );
}
