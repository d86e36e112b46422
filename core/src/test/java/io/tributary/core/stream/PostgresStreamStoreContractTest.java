package io.tributary.core.stream;

import io.tributary.core.store.MessageStore;

/** On a real PostgreSQL, a fresh database for each test. */
class PostgresStreamStoreContractTest extends StreamStoreContractTest {

    @Override
    protected MessageStore newStore() {
        return PostgresDatabases.store(PostgresDatabases.newDatabase("stream_contract"));
    }
}
