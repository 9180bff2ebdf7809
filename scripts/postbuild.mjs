// tsc writes files as 0644; the bin entries must be executable or `npx emqx-lab` fails "Permission denied".
import { chmodSync, existsSync } from 'node:fs';
for (const f of ['dist/cli.js', 'dist/sim/kubectl.js']) if (existsSync(f)) chmodSync(f, 0o755);
