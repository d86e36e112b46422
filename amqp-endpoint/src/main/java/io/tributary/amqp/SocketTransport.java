package io.tributary.amqp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Netty's native epoll transport on Linux, where its library loads; Java NIO elsewhere. Both give the same channel
 * pipeline, so nothing above the socket knows which one runs.
 *
 * <p>Design note: on this broker's small messages every read, write and wake-up of an event loop is a system call,
 * and epoll needs fewer of them and less work in each than NIO's selector (no selected-key set, no extra wake-up
 * pipe, reads until the socket is empty). Artemis and Qpid JMS make the same choice.
 *
 * <p>Stateless and thread-safe.
 */
final class SocketTransport {

    private final boolean epoll;

    private SocketTransport(boolean epoll) {
        this.epoll = epoll;
    }

    /** The native transport when it is available here, else NIO. */
    static SocketTransport best() {
        return new SocketTransport(Epoll.isAvailable());
    }

    /** {@code epoll} or {@code nio}, for the start-up log. */
    String name() {
        return epoll ? "epoll" : "nio";
    }

    /** An event loop group of {@code threads} daemon threads named {@code name-...} (0: Netty's default count). */
    EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
