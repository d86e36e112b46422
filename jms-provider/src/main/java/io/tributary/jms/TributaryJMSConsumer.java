package io.tributary.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/** The simplified API's consumer over a classic one. Used by one application thread at a time. */
final class TributaryJMSConsumer implements JMSConsumer {

    private final TributaryMessageConsumer consumer;

    TributaryJMSConsumer(TributaryMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return TributaryContext.run(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return TributaryContext.run(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        TributaryContext.run(() -> {
            consumer.setMessageListener(listener);
            return null;
        });
    }

    @Override
    public Message receive() {
        return TributaryContext.run(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return TributaryContext.run(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return TributaryContext.run(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        TributaryContext.run(() -> {
            consumer.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(TributaryContext.run(() -> consumer.receive(0, c)), c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(TributaryContext.run(() -> consumer.receive(timeout, c)), c);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(TributaryContext.run(() -> consumer.receiveNoWait(c)), c);
    }

    private static <T> T body(Message m, Class<T> c) {
        return m == null ? null : TributaryContext.run(() -> m.getBody(c));
    }
}
