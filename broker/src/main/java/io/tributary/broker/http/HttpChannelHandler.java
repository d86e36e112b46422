package io.tributary.broker.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection's requests: each whole request (the aggregator bounds its body) to the API is handed to the
 * worker executor, which calls the {@link ManagementApi}; the answer is written back from whichever thread completes
 * it (Netty queues the write on the channel's event loop). The console's static files ({@link ConsoleFiles}) are
 * answered at once from memory.
 *
 * <p>Thread model: {@link #channelRead0} runs on the channel's event loop and never calls the engine there.
 */
final class HttpChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChannelHandler.class);

    private final ManagementApi api;
    private final ConsoleFiles console;
    private final Executor worker;

    HttpChannelHandler(ManagementApi api, ConsoleFiles console, Executor worker) {
        this.api = api;
        this.console = console;
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!msg.decoderResult().isSuccess()) {
            write(ctx, Answer.error(ApiException.badRequest("the request is not valid HTTP")), false);
            return;
        }
        if (ConsoleFiles.covers(msg.uri())) {
            send(ctx, console.answer(msg.method(), msg.uri(), msg.headers().get(HttpHeaderNames.IF_NONE_MATCH)),
                    keepAlive);
            return;
        }
        byte[] body = new byte[msg.content().readableBytes()];
        msg.content().readBytes(body);
        InetAddress from = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        Request request = Request.of(msg.method(), msg.uri(), msg.headers().get(HttpHeaderNames.CONTENT_TYPE), body,
                msg.headers().get(HttpHeaderNames.AUTHORIZATION), from);
        try {
            worker.execute(() -> api.handle(request).whenComplete((answer, failure) -> write(ctx, answer != null
                    ? answer : Answer.error(new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the broker failed on this request")), keepAlive)));
        } catch (RejectedExecutionException busy) {
            write(ctx, Answer.error(new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "the management API is "
                    + "busy with other requests; try again shortly")), false);
        }
    }

    static void write(ChannelHandlerContext ctx, Answer answer, boolean keepAlive) {
        byte[] bytes;
        String type;
        if (answer.contentType() == null) {
            bytes = Json.write(answer.body());
            type = "application/json";
        } else {
            bytes = ((String) answer.body()).getBytes(StandardCharsets.UTF_8);
            type = answer.contentType();
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (answer.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
        }
        if (answer.retryAfter() != null) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, answer.retryAfter());
        }
        if (answer.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"tributary\", charset=\"UTF-8\"");
        }
        send(ctx, response, keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("management HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
