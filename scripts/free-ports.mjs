// Prints `export NAME=PORT` for each named variable not already set, each a loopback port free right now, so the
// browser tests' servers can run beside a dev server or another copy of the tests. Ports are held open together
// until all are chosen, so no two names get the same one.
import { createServer } from 'node:net';

const names = process.argv.slice(2).filter((name) => !process.env[name]);
const servers = await Promise.all(
  names.map(
    () =>
      new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
  ),
);
for (const [index, server] of servers.entries()) console.log(`export ${names[index]}=${server.address().port}`);
await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
