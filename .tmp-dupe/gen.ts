import { writeFileSync } from 'node:fs';
import { newDbKey } from '../src-main/db/open';
import { generateDemo } from './generate';
const key = newDbKey();
writeFileSync('/tmp/dupe1m/demo.db.key', key);
const info = await generateDemo({ file: '/tmp/dupe1m/demo.db', key, customers: Number(process.argv[2]), seed: 1, onPhase: (p, s) => console.log(p, s.toFixed(1)) });
console.log(info.seconds, info.password);
