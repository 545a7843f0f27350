// A TLS front for the test node, standing in for a secured cluster (the embedded node has no
// x-pack security): HTTPS with a certificate from a private CA made here with openssl, and
// Elasticsearch-style authentication (ApiKey or Basic) checked on every request, answered with
// Elasticsearch's own 401 body when wrong. Authorised requests are forwarded to the real node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsProxy {
  url: string;
  /** PEM of the CA that signed the proxy's certificate. */
  caFile: string;
  /** Requests refused for missing or wrong credentials. */
  refused: number;
  /** Authorization headers seen (to check that the client sent what it was given). */
  schemes: Set<string>;
  close(): Promise<void>;
}

export interface ProxyAuth {
  apiKey: string;
  user: string;
  password: string;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/** A CA and a server certificate for 127.0.0.1 / localhost, in a fresh directory. */
export function makeCertificates(): { dir: string; ca: string; key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pvelens-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=pvelens test CA'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext'], dir);
  return { dir, ca: join(dir, 'ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') };
}

export async function startTlsProxy(target: string, auth: ProxyAuth): Promise<TlsProxy> {
  const certs = makeCertificates();
  const basic = 'Basic ' + Buffer.from(`${auth.user}:${auth.password}`).toString('base64');
  const apiKey = `ApiKey ${auth.apiKey}`;
  const upstream = new URL(target);
  const state = { refused: 0, schemes: new Set<string>() };
  const server = https.createServer({ key: readFileSync(certs.key), cert: readFileSync(certs.cert) }, (req, res) => {
    const given = req.headers.authorization ?? '';
    if (given) state.schemes.add(given.split(' ')[0]!);
    if (given !== basic && given !== apiKey) {
      state.refused++;
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'ApiKey, Basic realm="security"', 'x-elastic-product': 'Elasticsearch' });
      res.end(JSON.stringify({ error: { type: 'security_exception', reason: 'unable to authenticate user for REST request' }, status: 401 }));
      return;
    }
    const headers = { ...req.headers, host: upstream.host };
    delete headers.authorization;
    const fwd = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    fwd.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    caFile: certs.ca,
    get refused() {
      return state.refused;
    },
    schemes: state.schemes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(certs.dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
