package io.tributary.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream message: the body is an AMQP sequence. Values follow the StreamMessage conversion table; a
 * failed conversion does not move the read position. Write-only until {@link #reset()} or receipt.
 * Not thread-safe.
 */
public final class TributaryStreamMessage extends TributaryMessage implements StreamMessage {

    private List<Object> values = new ArrayList<>();
    private boolean reading;
    private int position;
    private byte[] partialBytes;
    private int partialOffset;

    TributaryStreamMessage(MessageFacade facade) {
        super(facade);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void loadBody() {
        Object body = facade.body();
        values = body instanceof List ? new ArrayList<>((List<Object>) body) : new ArrayList<>();
        startReading();
    }

    @Override
    public void storeBody() {
        facade.setSequenceBody(values);
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        values = new ArrayList<>();
        reading = false;
        partialBytes = null;
    }

    @Override
    public void reset() {
        startReading();
        setBodyReadOnly(true);
    }

    private void startReading() {
        reading = true;
        position = 0;
        partialBytes = null;
    }

    private interface Convert<T> {
        T apply(Object v) throws JMSException;
    }

    private <T> T read(Convert<T> convert) throws JMSException {
        if (!reading) {
            throw new MessageNotReadableException("the stream message is write-only; call reset() to read it");
        }
        if (partialBytes != null) {
            if (partialOffset < partialBytes.length) {
                throw new MessageFormatException("a byte[] field is partly read; finish it with readBytes first");
            }
            partialBytes = null;
            position++;
        }
        if (position >= values.size()) {
            throw new MessageEOFException("the end of the stream message was reached (" + values.size()
                    + " values)");
        }
        T v = convert.apply(values.get(position));
        position++;
        return v;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return read(TypeConversion::asBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return read(TypeConversion::asByte);
    }

    @Override
    public short readShort() throws JMSException {
        return read(TypeConversion::asShort);
    }

    @Override
    public char readChar() throws JMSException {
        return read(TypeConversion::asChar);
    }

    @Override
    public int readInt() throws JMSException {
        return read(TypeConversion::asInt);
    }

    @Override
    public long readLong() throws JMSException {
        return read(TypeConversion::asLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return read(TypeConversion::asFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return read(TypeConversion::asDouble);
    }

    @Override
    public String readString() throws JMSException {
        return read(TypeConversion::asString);
    }

    @Override
    public Object readObject() throws JMSException {
        return read(v -> v instanceof byte[] b ? b.clone() : v);
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        if (!reading) {
            throw new MessageNotReadableException("the stream message is write-only; call reset() to read it");
        }
        if (partialBytes == null) {
            if (position >= values.size()) {
                throw new MessageEOFException("the end of the stream message was reached");
            }
            Object field = values.get(position);
            if (field == null) {
                position++;
                return -1;
            }
            if (!(field instanceof byte[] b)) {
                throw TypeConversion.cannot(field, "byte[]");
            }
            partialBytes = b;
            partialOffset = 0;
            if (b.length == 0) {
                return 0;
            }
        }
        int remaining = partialBytes.length - partialOffset;
        if (remaining == 0) {
            partialBytes = null;
            position++;
            return -1;
        }
        int n = Math.min(remaining, value.length);
        System.arraycopy(partialBytes, partialOffset, value, 0, n);
        partialOffset += n;
        return n;
    }

    private void write(Object v) throws JMSException {
        checkBodyWritable();
        values.add(v);
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        write(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        write(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        write(copy);
    }

    @Override
    public void writeObject(Object value) throws JMSException {
        if (value != null && !TypeConversion.isBodyType(value)) {
            throw new MessageFormatException("a stream message cannot hold a " + value.getClass().getName());
        }
        write(value instanceof byte[] b ? b.clone() : value);
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("a StreamMessage body cannot be returned by getBody "
                + "(Jakarta Messaging 3.1, Message.getBody)");
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return false;
    }
}
