package io.tributary.jms.message;

import io.tributary.core.message.JmsMapping;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * An object message: the body is the Java-serialized object in a data section with content type
 * {@code application/x-java-serialized-object}. The object is serialized when set (later changes to it
 * are not seen) and deserialized on each {@link #getObject()}. A message from a plain AMQP client whose
 * body is some other AMQP value returns that value. Not thread-safe.
 */
public final class TributaryObjectMessage extends TributaryMessage implements ObjectMessage {

    TributaryObjectMessage(MessageFacade facade) {
        super(facade);
    }

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        if (object == null) {
            facade.clearBody();
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(object);
        } catch (IOException e) {
            MessageFormatException mfe = new MessageFormatException("object of " + object.getClass().getName()
                    + " cannot be serialized: " + e.getMessage());
            mfe.setLinkedException(e);
            mfe.initCause(e);
            throw mfe;
        }
        facade.setDataBody(out.toByteArray(), JmsMapping.SERIALIZED_JAVA_OBJECT);
    }

    @Override
    public Serializable getObject() throws JMSException {
        Object body = facade.body();
        if (body == null) {
            return null;
        }
        if (facade.bodyKind() != MessageFacade.BodyKind.DATA) {
            if (body instanceof Serializable s) {
                return s;
            }
            throw new MessageFormatException("the AMQP body " + body.getClass().getName() + " is not serializable");
        }
        try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream((byte[]) body))) {
            return (Serializable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            MessageFormatException mfe = new MessageFormatException("object message body cannot be deserialized: "
                    + e);
            mfe.setLinkedException(e);
            mfe.initCause(e);
            throw mfe;
        }
    }

    @Override
    protected boolean hasBody() {
        return facade.body() != null;
    }

    @Override
    protected Object bodyValue() throws JMSException {
        return getObject();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        if (!hasBody()) {
            return true;
        }
        if (!Serializable.class.isAssignableFrom(c) && c != Object.class) {
            return false;
        }
        return c.isInstance(getObject());
    }

    /** Resolves classes through the thread context class loader first (application servers, plugins). */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl != null) {
                try {
                    return Class.forName(desc.getName(), false, cl);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
            return super.resolveClass(desc);
        }
    }
}
