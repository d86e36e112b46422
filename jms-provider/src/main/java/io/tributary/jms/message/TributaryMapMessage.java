package io.tributary.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map message: the body is an AMQP value holding a map of string keys. Values follow the MapMessage
 * conversion table. Not thread-safe.
 */
public final class TributaryMapMessage extends TributaryMessage implements MapMessage {

    private Map<String, Object> map = new LinkedHashMap<>();

    TributaryMapMessage(MessageFacade facade) {
        super(facade);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void loadBody() {
        Object body = facade.body();
        map = body instanceof Map ? new LinkedHashMap<>((Map<String, Object>) body) : new LinkedHashMap<>();
    }

    @Override
    public void storeBody() {
        facade.setMapBody(new LinkedHashMap<>(map));
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        map = new LinkedHashMap<>();
    }

    private Object get(String name) {
        return map.get(name);
    }

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return TypeConversion.asBoolean(get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return TypeConversion.asByte(get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return TypeConversion.asShort(get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return TypeConversion.asChar(get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return TypeConversion.asInt(get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return TypeConversion.asLong(get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return TypeConversion.asFloat(get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return TypeConversion.asDouble(get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return TypeConversion.asString(get(name));
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        return TypeConversion.asBytes(get(name));
    }

    @Override
    public Object getObject(String name) {
        Object v = get(name);
        return v instanceof byte[] b ? b.clone() : v;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(map.keySet());
    }

    @Override
    public boolean itemExists(String name) {
        return map.containsKey(name);
    }

    private void put(String name, Object value) throws JMSException {
        checkBodyWritable();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a map message name must not be null or empty");
        }
        map.put(name, value);
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (value != null && !TypeConversion.isBodyType(value)) {
            throw new MessageFormatException("a map message cannot hold a " + value.getClass().getName());
        }
        put(name, value instanceof byte[] b ? b.clone() : value);
    }

    @Override
    protected boolean hasBody() {
        return !map.isEmpty();
    }

    @Override
    protected Object bodyValue() {
        return new LinkedHashMap<>(map);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return !hasBody() || c.isAssignableFrom(Map.class);
    }
}
