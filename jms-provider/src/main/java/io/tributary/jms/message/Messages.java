package io.tributary.jms.message;

import io.tributary.core.message.JmsMapping;
import io.tributary.jms.TributaryDestination;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Enumeration;

/** Creates JMS messages over facades and converts foreign (other providers') messages. */
public final class Messages {

    private Messages() {
    }

    /** A new, writable message of a JMS type code (JmsMapping *_TYPE). */
    public static TributaryMessage create(byte type) {
        return wrap(AmqpMessageFacade.create(type), type);
    }

    /** The JMS message for a facade, typed by the facade's JMS type. */
    public static TributaryMessage wrap(MessageFacade facade) {
        return wrap(facade, facade.jmsMessageType());
    }

    private static TributaryMessage wrap(MessageFacade facade, byte type) {
        switch (type) {
            case JmsMapping.TEXT_MESSAGE_TYPE: return new TributaryTextMessage(facade);
            case JmsMapping.BYTES_MESSAGE_TYPE: return new TributaryBytesMessage(facade);
            case JmsMapping.MAP_MESSAGE_TYPE: return new TributaryMapMessage(facade);
            case JmsMapping.STREAM_MESSAGE_TYPE: return new TributaryStreamMessage(facade);
            case JmsMapping.OBJECT_MESSAGE_TYPE: return new TributaryObjectMessage(facade);
            default: return new TributaryMessage(facade);
        }
    }

    /**
     * A copy of a message from another provider: headers an application sets, properties and body.
     * (Jakarta Messaging 3.1: a provider must be able to send a message of another provider.)
     */
    public static TributaryMessage copyForeign(Message foreign) throws JMSException {
        TributaryMessage m;
        if (foreign instanceof TextMessage t) {
            TributaryTextMessage tm = (TributaryTextMessage) create(JmsMapping.TEXT_MESSAGE_TYPE);
            tm.setText(t.getText());
            m = tm;
        } else if (foreign instanceof BytesMessage b) {
            m = copyBytes(b);
        } else if (foreign instanceof MapMessage map) {
            TributaryMapMessage mm = (TributaryMapMessage) create(JmsMapping.MAP_MESSAGE_TYPE);
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                mm.setObject(name, map.getObject(name));
            }
            m = mm;
        } else if (foreign instanceof StreamMessage s) {
            m = copyStream(s);
        } else if (foreign instanceof ObjectMessage o) {
            TributaryObjectMessage om = (TributaryObjectMessage) create(JmsMapping.OBJECT_MESSAGE_TYPE);
            om.setObject(o.getObject());
            m = om;
        } else {
            m = create(JmsMapping.MESSAGE_TYPE);
        }
        copyHeadersAndProperties(foreign, m);
        return m;
    }

    private static TributaryMessage copyBytes(BytesMessage b) throws JMSException {
        TributaryBytesMessage bm = (TributaryBytesMessage) create(JmsMapping.BYTES_MESSAGE_TYPE);
        b.reset();
        byte[] buf = new byte[4096];
        for (int n = b.readBytes(buf); n > 0; n = b.readBytes(buf)) {
            bm.writeBytes(buf, 0, n);
        }
        b.reset();
        return bm;
    }

    private static TributaryMessage copyStream(StreamMessage s) throws JMSException {
        TributaryStreamMessage sm = (TributaryStreamMessage) create(JmsMapping.STREAM_MESSAGE_TYPE);
        s.reset();
        while (true) {
            try {
                sm.writeObject(s.readObject());
            } catch (MessageEOFException end) {
                break;
            }
        }
        s.reset();
        return sm;
    }

    private static void copyHeadersAndProperties(Message from, TributaryMessage to) throws JMSException {
        to.setJMSCorrelationID(from.getJMSCorrelationID());
        to.setJMSType(from.getJMSType());
        if (from.getJMSReplyTo() != null) {
            to.setJMSReplyTo(TributaryDestination.from(from.getJMSReplyTo()));
        }
        for (Enumeration<?> names = from.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            Object value = from.getObjectProperty(name);
            if (!name.startsWith("JMSX") || name.equals("JMSXGroupID") || name.equals("JMSXGroupSeq")) {
                to.setObjectProperty(name, value);
            }
        }
    }
}
