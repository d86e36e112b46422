package io.tributary.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;

/** A text message: the body is an AMQP value holding a string. Not thread-safe. */
public final class TributaryTextMessage extends TributaryMessage implements TextMessage {

    TributaryTextMessage(MessageFacade facade) {
        super(facade);
    }

    @Override
    public void setText(String text) throws JMSException {
        checkBodyWritable();
        facade.setValueBody(text);
    }

    @Override
    public String getText() {
        Object body = facade.body();
        if (body instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return body == null ? null : body.toString();
    }

    @Override
    protected boolean hasBody() {
        return getText() != null;
    }

    @Override
    protected Object bodyValue() {
        return getText();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return !hasBody() || c.isAssignableFrom(String.class);
    }
}
