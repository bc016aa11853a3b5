package io.vigie.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL), for fault tests: {@link #cut()} resets every open
 * connection and refuses new ones (the listening socket is closed: "connection refused"), {@link #restore()}
 * listens again on the same port. What a database switchover looks like to a client, without touching the server.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public TcpProxy(String host, int targetPort) {
        this.target = new InetSocketAddress(host, targetPort);
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.port = s.getLocalPort();
            listen(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Connections accepted since the start (each reconnection of the pool counts). */
    public long accepted() {
        return accepted.get();
    }

    /** Resets every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        ServerSocket s = server;
        server = null;
        closeQuietly(s);
        for (Socket c : open) {
            try {
                c.setSoLinger(true, 0); // RST, as a dead peer or a failover does
            } catch (IOException e) {
                // closing anyway
            }
            closeQuietly(c);
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (server != null || closed) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                listen(s);
                return;
            } catch (IOException e) {
                if (attempt > 50) {
                    throw new UncheckedIOException("cannot listen on " + port + " again", e);
                }
                Await.pause(100);
            }
        }
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    accepted.incrementAndGet();
                    Socket upstream = new Socket();
                    upstream.connect(target, 5000);
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed by cut(), or the target refused: the client sees its connection fail
                }
            }
        }, "tcp-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }
}
