package io.tributary.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A bytes message: the body is one data section with content type application/octet-stream. Write-only
 * until {@link #reset()} or receipt, then read-only until {@link #clearBody()}. Not thread-safe.
 */
public final class TributaryBytesMessage extends TributaryMessage implements BytesMessage {

    static final String OCTET_STREAM = "application/octet-stream";

    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(written);
    private byte[] content;
    private DataInputStream in;

    TributaryBytesMessage(MessageFacade facade) {
        super(facade);
    }

    @Override
    protected void loadBody() {
        Object body = facade.body();
        content = body instanceof byte[] b ? b : new byte[0];
        in = new DataInputStream(new ByteArrayInputStream(content));
        written = null;
        out = null;
    }

    @Override
    public void storeBody() {
        if (written != null) {
            facade.setDataBody(written.toByteArray(), OCTET_STREAM);
        }
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
        content = null;
        in = null;
    }

    @Override
    public void reset() {
        if (written != null) {
            storeBody();
            content = written.toByteArray();
            written = null;
            out = null;
        }
        in = new DataInputStream(new ByteArrayInputStream(content));
        setBodyReadOnly(true);
    }

    private DataInputStream reader() throws MessageNotReadableException {
        if (in == null) {
            throw new MessageNotReadableException("the bytes message is write-only; call reset() to read it");
        }
        return in;
    }

    private DataOutputStream writer() throws JMSException {
        checkBodyWritable();
        return out;
    }

    @Override
    public long getBodyLength() throws JMSException {
        reader();
        return content.length;
    }

    private interface Read<T> {
        T read(DataInputStream s) throws IOException;
    }

    private <T> T read(Read<T> r) throws JMSException {
        DataInputStream s = reader();
        try {
            s.mark(content.length);
            return r.read(s);
        } catch (EOFException e) {
            resetTo(s);
            throw eof(e);
        } catch (IOException e) {
            resetTo(s);
            MessageFormatException mfe = new MessageFormatException("bytes message read failed: " + e);
            mfe.initCause(e);
            throw mfe;
        }
    }

    private static void resetTo(DataInputStream s) {
        try {
            s.reset();
        } catch (IOException ignored) {
            // ByteArrayInputStream supports mark/reset; nothing to do
        }
    }

    private static MessageEOFException eof(Exception cause) {
        MessageEOFException e = new MessageEOFException("unexpected end of the bytes message body");
        e.initCause(cause);
        return e;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return read(DataInputStream::readBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return read(DataInputStream::readByte);
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return read(DataInputStream::readUnsignedByte);
    }

    @Override
    public short readShort() throws JMSException {
        return read(DataInputStream::readShort);
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return read(DataInputStream::readUnsignedShort);
    }

    @Override
    public char readChar() throws JMSException {
        return read(DataInputStream::readChar);
    }

    @Override
    public int readInt() throws JMSException {
        return read(DataInputStream::readInt);
    }

    @Override
    public long readLong() throws JMSException {
        return read(DataInputStream::readLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return read(DataInputStream::readFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return read(DataInputStream::readDouble);
    }

    @Override
    public String readUTF() throws JMSException {
        return read(s -> s.readUTF());
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " is outside 0.." + value.length);
        }
        DataInputStream s = reader();
        try {
            if (length == 0) {
                return 0;
            }
            int n = s.read(value, 0, length);
            return n <= 0 ? -1 : n;
        } catch (IOException e) {
            throw eof(e);
        }
    }

    private void write(Write w) throws JMSException {
        try {
            w.write(writer());
        } catch (IOException e) {
            JMSException je = new JMSException("bytes message write failed: " + e);
            je.initCause(e);
            throw je;
        }
    }

    private interface Write {
        void write(DataOutputStream s) throws IOException;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(s -> s.writeBoolean(value));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(s -> s.writeByte(value));
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(s -> s.writeShort(value));
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(s -> s.writeChar(value));
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(s -> s.writeInt(value));
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(s -> s.writeLong(value));
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(s -> s.writeFloat(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(s -> s.writeDouble(value));
    }

    @Override
    public void writeUTF(String value) throws JMSException {
        write(s -> s.writeUTF(value));
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        write(s -> s.write(value));
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        write(s -> s.write(value, offset, length));
    }

    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("writeObject(null) is not allowed on a BytesMessage");
        }
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("writeObject cannot write a " + value.getClass().getName());
        }
    }

    private byte[] currentBytes() {
        return written != null ? written.toByteArray() : content;
    }

    @Override
    protected boolean hasBody() {
        byte[] b = currentBytes();
        return b != null && b.length > 0;
    }

    @Override
    protected Object bodyValue() {
        return currentBytes().clone();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return !hasBody() || c.isAssignableFrom(byte[].class);
    }
}
