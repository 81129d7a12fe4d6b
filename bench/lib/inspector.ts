import WebSocket from 'ws';

/**
 * A full garbage collection in the server, through its inspector (it runs with --inspect on loopback):
 * RSS right after a load run is mostly garbage V8 has not yet collected, which says nothing about leaks.
 */
export async function collectGarbage(inspectorPort: number): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('the server has no inspector target');
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  try {
    for (let id = 1; id <= 2; id++) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('HeapProfiler.collectGarbage timed out')), 15_000);
        const onMessage = (data: WebSocket.RawData) => {
          if ((JSON.parse(data.toString()) as { id?: number }).id !== id) return;
          clearTimeout(timer);
          socket.off('message', onMessage);
          resolve();
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    socket.close();
  }
}
