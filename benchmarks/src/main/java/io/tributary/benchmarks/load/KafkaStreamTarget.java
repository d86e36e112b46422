package io.tributary.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Apache Kafka, the reference: one KRaft broker (broker and controller in one process) on 127.0.0.1, in a child
 * JVM on its own class path ({@code kafka-lib}, see README.md), its log directory in a temporary directory, its
 * storage formatted first by Kafka's own {@code kafka.tools.StorageTool}. The clients are Kafka's own, in the
 * tool's JVM, with their defaults except: producers {@code acks=all}; each reader is a consumer in a group of its
 * own reading from {@code earliest}, without committing.
 *
 * <p>Thread model: see {@link StreamTarget}; Kafka's producers are thread-safe, each consumer is used by its
 * client thread only.
 */
final class KafkaStreamTarget implements StreamTarget {

    static final String READY_LINE = "Kafka Server started";
    private static final long START_TIMEOUT_SECONDS = 120;

    private final int partitions;
    private final Path kafkaLib;
    private final List<String> jvmArgs;
    private Path dataDir;
    private BrokerProcess broker;
    private String bootstrap;
    private Admin admin;

    KafkaStreamTarget(int partitions, Path kafkaLib, List<String> jvmArgs) {
        this.partitions = partitions;
        this.kafkaLib = kafkaLib;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    @Override
    public String label() {
        return "kafka";
    }

    @Override
    public void start() {
        String brokerJar = "kafka_2.13-" + kafkaVersion() + ".jar";
        if (!Files.exists(kafkaLib.resolve(brokerJar))) {
            throw new LoadFailure("Kafka's broker class path " + kafkaLib.toAbsolutePath() + " does not hold "
                    + brokerJar + "; build it with ./mvnw -q -pl benchmarks -am package -DskipTests"
                    + " or pass --kafka-lib DIR");
        }
        dataDir = ChildBroker.tempDirectory("kafka-streams-");
        int port = ChildBroker.freeLoopbackPort();
        int controllerPort = ChildBroker.freeLoopbackPort();
        Path properties = writeProperties(port, controllerPort);
        String classPath = kafkaLib.toAbsolutePath() + "/*";
        format(classPath, properties);
        broker = BrokerProcess.start("kafka", classPath, "kafka.Kafka",
                withLogging(jvmArgs), List.of(properties.toString()), START_TIMEOUT_SECONDS,
                line -> line.contains(READY_LINE) ? port : null);
        bootstrap = "127.0.0.1:" + port;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(config);
    }

    /** The version of the Kafka client on the class path (the broker's in kafka-lib is the same, from the pom). */
    static String kafkaVersion() {
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties version = new Properties();
            if (in != null) {
                version.load(in);
            }
            return version.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static List<String> withLogging(List<String> jvmArgs) {
        List<String> all = new ArrayList<>(jvmArgs);
        all.add("-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info");
        return all;
    }

    /** The broker's configuration: KRaft, one node that is broker and controller, loopback listeners. */
    static String serverProperties(int port, int controllerPort, Path logDir, int partitions) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
    }

    private Path writeProperties(int port, int controllerPort) {
        Path file = dataDir.resolve("server.properties");
        try {
            Files.writeString(file, serverProperties(port, controllerPort, dataDir.resolve("logs"), partitions),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Formats the log directory with a new cluster id, as {@code kafka-storage.sh format} does. */
    private void format(String classPath, Path properties) {
        String clusterId = kafkaClusterId();
        List<String> command = List.of(BrokerProcess.javaExecutable(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString());
        Path log = dataDir.resolve("format.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LoadFailure("formatting Kafka's storage took over " + START_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new LoadFailure("formatting Kafka's storage failed with status " + process.exitValue()
                        + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new LoadFailure("could not run Kafka's StorageTool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted while formatting Kafka's storage");
        }
    }

    /** A random cluster id in Kafka's form: 16 bytes, URL-safe base64 without padding. */
    static String kafkaClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    @Override
    public void createStream(String name) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(name);
        } catch (ExecutionException | TimeoutException e) {
            throw new LoadFailure("Kafka did not create topic " + name + ": " + ChildBroker.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted while creating topic " + name);
        }
    }

    /** Waits until every partition of the new topic has a leader, so no first send meets a leader election. */
    private void awaitLeaders(String topic) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(60, TimeUnit.SECONDS).get(topic);
            if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topic + " without a leader after 60 s: "
                        + description.partitions());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public StreamClients.Client openProducer(String stream, int index) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "stream-bench-producer-" + index,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return new Appender(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                stream);
    }

    @Override
    public StreamClients.Client openReader(String stream, String workload, int index) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "stream-bench-" + workload + "-" + index,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(stream));
        return new Reader(consumer);
    }

    @Override
    public double cpuSeconds() {
        return ProcessCpu.cpuSeconds(ProcessHandle.current().pid()) + (broker == null ? 0 : broker.cpuSeconds());
    }

    @Override
    public void close() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
            if (broker != null) {
                broker.close();
            }
        } finally {
            admin = null;
            broker = null;
            ChildBroker.deleteTree(dataDir);
        }
    }

    /** Sends 1 KiB records as fast as the producer's buffer lets it, then flushes. */
    private static final class Appender implements StreamClients.Client {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Appender(KafkaProducer<byte[], byte[]> producer, String topic) {
            this.producer = producer;
            this.topic = topic;
        }

        @Override
        public long run(long quota, long deadlineNanos) {
            byte[] body = new byte[StreamOptions.MESSAGE_SIZE];
            for (long i = 0; i < quota && System.nanoTime() < deadlineNanos && failure.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, body), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw new LoadFailure("a send failed: " + ChildBroker.rootMessage(failure.get()), failure.get());
            }
            return acknowledged.get();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Polls and counts records until it has the quota or the time is up. */
    private static final class Reader implements StreamClients.Client {
        private final KafkaConsumer<byte[], byte[]> consumer;

        Reader(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public long run(long quota, long deadlineNanos) {
            long received = 0;
            while (received < quota && System.nanoTime() < deadlineNanos) {
                received += consumer.poll(Duration.ofMillis(100)).count();
            }
            return Math.min(received, quota);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
