/**
 * `node src/runtime/main.ts --kubeconfig FILE --dir DIR [--speed N]`: the runtime behind kwok's pods (runtime.ts), as the
 * control plane's supervisor starts it (test/control-plane/plan.ts). Runs until SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { Runtime } from './runtime.js';
import { RuntimeServer } from './serve.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, dir: { type: 'string' }, speed: { type: 'string' } } });
  const speed = Number(values.speed ?? '1');
  if (!values.kubeconfig || !values.dir || !(speed > 0)) throw new Error('usage: runtime --kubeconfig FILE --dir DIR [--speed N]');
  const rt = new Runtime({ kubeconfig: values.kubeconfig, dir: values.dir, speed });
  await rt.start();
  const server = new RuntimeServer(rt);
  await server.listen(values.dir);
  rt.log('runtime: ready');
  const stop = async () => {
    await server.close();
    await rt.stop();
    process.exit(0);
  };
  // The plane stops when one of its processes ends: a fault in one request must not take the kubelet away.
  process.on('uncaughtException', (e) => rt.log(`uncaught: ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => rt.log(`unhandled: ${(e as Error)?.stack ?? e}`));
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((e: Error) => {
  process.stderr.write(`runtime: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
