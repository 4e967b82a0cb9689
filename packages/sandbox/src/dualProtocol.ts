import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';

/** The TLS side of {@link acceptTlsToo}. */
export interface TlsSide {
  /** Starts answering TLS connections with this key and certificate (PEM). */
  useCertificate(credentials: { key: string; cert: string }): void;
  closeAllConnections(): void;
}

// The first byte of a TLS ClientHello (a handshake record); an HTTP request
// starts with a method name in ASCII.
const TLS_HANDSHAKE = 0x16;

/**
 * Lets `server` (plain HTTP) also speak HTTPS on the same port: the first
 * byte of each connection decides, and TLS connections go to an HTTPS
 * server with the same handler once a certificate is set. So the sandbox
 * keeps one port, `http://localhost:7010/...` stays as it is, and
 * `https://localhost:7010/kubernetes/dev` is a verifiable API server URL.
 */
export function acceptTlsToo(
  server: http.Server,
  handler: http.RequestListener,
): TlsSide {
  let tlsServer: https.Server | undefined;
  // Connections that have not said anything yet belong to neither server.
  const undecided = new Set<Socket>();
  const plain = server.listeners('connection') as ((s: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    undecided.add(socket);
    // A client that resets before its first byte must not crash the sandbox.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    socket.once('close', () => undecided.delete(socket));
    socket.once('data', chunk => {
      undecided.delete(socket);
      socket.removeListener('error', onError);
      socket.pause();
      // Given back to the stream: the protocol's own parser reads it first.
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE && tlsServer) {
        // The TLS socket takes the buffered bytes over itself; resuming the
        // plain stream would hand them to nobody.
        tlsServer.emit('connection', socket);
      } else {
        for (const listener of plain) listener.call(server, socket);
        socket.resume();
      }
    });
  });
  return {
    useCertificate(credentials) {
      if (tlsServer) {
        tlsServer.setSecureContext(credentials);
        return;
      }
      tlsServer = https.createServer(credentials, handler);
    },
    closeAllConnections() {
      tlsServer?.closeAllConnections();
      for (const socket of undecided) socket.destroy();
    },
  };
}
