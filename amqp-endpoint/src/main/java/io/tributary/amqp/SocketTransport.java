package io.tributary.amqp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Which of Netty's socket transports the AMQP server runs on: Linux's native epoll where its library loads (it
 * calls {@code epoll_wait}, {@code read} and {@code write} directly instead of through the JDK's selector, which
 * costs less CPU per message), else the JDK's NIO. {@code -Dtributary.amqp.transport=nio} forces NIO.
 */
enum SocketTransport {
    EPOLL,
    NIO;

    /** The system property that forces NIO when it says {@code nio}; any other value leaves the choice as it is. */
    static final String PROPERTY = "tributary.amqp.transport";

    /** The transport to use: epoll when it is available and not turned off, else NIO. */
    static SocketTransport choose() {
        String wanted = System.getProperty(PROPERTY, "");
        if (wanted.equalsIgnoreCase("nio")) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used, or null when it is. */
    static String whyNotEpoll() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }

    EventLoopGroup group(int threads, ThreadFactory factory) {
        return this == EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
