/**
 * One plain HTTP request to a local port-forward, with node:http. Not `fetch`: its first use loads and
 * compiles undici, about 15 MiB of resident memory and a 40 MiB transient spike in the engine (bench), for
 * a login request through 127.0.0.1.
 */
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Answers cut at this size: a check reads a status page or a login answer, never a download. */
const MAX_BODY = 1 << 20;

export function httpRequest(url: string, o: { method: string; json?: unknown; signal: AbortSignal }): Promise<HttpAnswer> {
  const body = o.json === undefined ? undefined : JSON.stringify(o.json);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: o.method,
        signal: o.signal,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
