package io.tributary.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.Permissions;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web console in a real headless Chromium against a broker on H2 with known traffic sent through Qpid JMS: each
 * page shows the API's figures, the change buttons change the broker, a read-only user gets none, and every page is
 * saved as a screenshot under {@code target/console-screenshots/} for a person to look at. One broker and one
 * browser for the whole class; each test uses its own queues.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConsoleTest {

    private static final String ADMIN = "ada";
    private static final String VIEWER = "vic";
    private static final Map<String, String> PASSWORDS = Map.of(ADMIN, "admin-pw", VIEWER, "viewer-pw");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The broker's {@code http.stuck-consumer-after} here. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(3);

    @TempDir
    static Path dir;

    private static Broker broker;
    private static AmqpServer amqp;
    private static BrokerMetrics metrics;
    private static ManagementServer http;
    private static Connection jms;
    private static ChromeDriver browser;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void start() throws Exception {
        HeadlessChromium.ensureInstalled();
        JdbcMessageStore store = JdbcMessageStore.h2(dir.resolve("store"));
        metrics = new BrokerMetrics();
        metrics.bindStore(store);
        broker = Broker.start(BrokerConfig.builder().store(store).permissions(Permissions.builder()
                .member("viewers", VIEWER)
                .member("admins", ADMIN)
                .grant("viewers", "#", "browse")
                .grant("admins", "#", "send,consume,browse,create,delete,manage")
                .grant(Permissions.ANONYMOUS, "#", "send,consume,browse,create")
                .build()).build());
        metrics.bindBroker(broker);
        amqp = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 4096, STUCK_AFTER), null, metrics,
                Credentials.derive(PASSWORDS));
        jms = new JmsConnectionFactory("amqp://127.0.0.1:" + amqp.port()).createConnection();
        jms.start();
        browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (jms != null) {
                jms.close();
            }
        } finally {
            if (http != null) {
                http.close();
                amqp.close();
                broker.close();
                metrics.close();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode apiGet(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    /** A request to the API as the admin user, with a JSON body when {@code json} is not null. */
    private static HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":"
                        + PASSWORDS.get(ADMIN)).getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return CLIENT.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void createAddress(String name, String kind, String settings) throws Exception {
        HttpResponse<String> r = call("POST", "/api/addresses", "{\"name\": \"" + name + "\", \"kind\": \"" + kind
                + "\", \"settings\": " + settings + "}");
        assertEquals(201, r.statusCode(), r.body());
    }

    private static void sendMessages(String queue, int n, String color) throws Exception {
        try (Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < n; i++) {
                Message m = s.createTextMessage(color + " " + i);
                m.setStringProperty("color", color);
                p.send(m);
            }
        }
    }

    private static long queueFigure(String queue, String field) throws Exception {
        return apiGet("/api/queues/" + queue).path(field).asLong();
    }

    /** Logs in through the console's form (a fresh tab state: nothing kept from the last test). */
    private static void logIn(String user) {
        fillLogin(user, PASSWORDS.get(user));
        await().atMost(WAIT).until(() -> browser.findElement(By.id("app")).isDisplayed()
                && "true".equals(browser.findElement(By.id("page")).getAttribute("data-loaded")));
    }

    private static void fillLogin(String user, String password) {
        browser.get(http.url() + "/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("login-user")).sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    /** Logs {@code user} in and shows the page at {@code hash}. */
    private static void showAs(String user, String hash) {
        logIn(user);
        show(hash);
    }

    /** Shows the page at {@code hash} and waits until it has loaded (or failed, saying why). */
    private static void show(String hash) {
        browser.get(http.url() + "/" + hash);
        await().atMost(WAIT).until(() -> "true".equals(browser.findElement(By.id("page"))
                .getAttribute("data-loaded")));
        List<WebElement> error = browser.findElements(By.id("page-error"));
        assertTrue(error.isEmpty(), () -> hash + " failed: " + error.get(0).getText());
    }

    private static String figure(SearchContext within, String key) {
        return within.findElement(By.cssSelector("[data-figure='" + key + "'] .value")).getText();
    }

    private static String cell(SearchContext within, String row, String column) {
        return within.findElement(By.cssSelector("tr[data-row='" + row + "'] td[data-col='" + column + "']"))
                .getText();
    }

    /** Asserts that the figure {@code key} (a number as the console writes it) shows the API's {@code expected}. */
    private static void assertFigure(SearchContext within, String key, long expected) {
        assertEquals(expected, number(figure(within, key)), "figure " + key);
    }

    private static void assertFigure(String key, long expected) {
        assertFigure(browser, key, expected);
    }

    /** Asserts that the table cell at {@code row}, {@code column} shows the API's number {@code expected}. */
    private static void assertCell(SearchContext within, String row, String column, long expected) {
        assertEquals(expected, number(cell(within, row, column)), "row " + row + ", column " + column);
    }

    private static void assertCell(String row, String column, long expected) {
        assertCell(browser, row, column, expected);
    }

    /**
     * Waits until {@code check} passes; the page redraws itself on each refresh, so an element found before a redraw
     * may be gone when read: that is waited out too.
     */
    private static void awaitPageShows(ThrowingRunnable check) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).untilAsserted(check);
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replace(",", "").trim());
    }

    /** Clicks a change button twice: the first click arms it, the second does it. */
    private static void change(WebElement button) {
        button.click();
        await().atMost(WAIT).until(() -> button.getText().startsWith("Sure?"));
        button.click();
    }

    private static String noticeText() {
        await().atMost(WAIT).until(() -> browser.findElement(By.id("notice")).isDisplayed());
        return browser.findElement(By.id("notice")).getText();
    }

    private static void deadLetter(String queue, int n) throws Exception {
        createAddress(queue, "queue", "{\"max-delivery-attempts\": 1}");
        sendMessages(queue, n, "red");
        try (Session s = jms.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageConsumer c = s.createConsumer(s.createQueue(queue));
            for (int i = 0; i < n; i++) {
                assertNotNull(c.receive(5000));
            }
            s.rollback();
        }
        await().atMost(WAIT).until(() -> call("GET", "/api/queues/DLQ." + queue, null).statusCode() == 200
                && queueFigure("DLQ." + queue, "depth") == n);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aWrongPasswordIsRefusedOnTheLoginForm() throws Exception {
        fillLogin(ADMIN, "not-the-password");
        await().atMost(WAIT).until(() -> browser.findElement(By.id("login-error")).getText()
                .equals("Unknown user or wrong password."));
        HeadlessChromium.screenshot(browser, "login-refused");
    }

    @Test
    void overviewShowsTheApisFigures() throws Exception {
        sendMessages("overview.orders", 4, "blue");
        showAs(ADMIN, "#/");
        awaitPageShows(() -> {
            JsonNode queues = apiGet("/api/queues");
            long depth = 0;
            for (JsonNode q : queues) {
                depth += q.path("depth").asLong();
            }
            assertFigure("queues", queues.size());
            assertFigure("depth", depth);
            assertFigure("connections", apiGet("/api/connections").size());
            assertFigure("addresses", apiGet("/api/addresses").size());
        });
        assertEquals("ready", figure(browser, "store"));
        // two samples make a line in the charts
        await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector("svg.chart polyline")).isEmpty());
        HeadlessChromium.screenshot(browser, "overview");
    }

    @Test
    void addressesPageShowsEachAddressWithItsMessagesAndCharts() throws Exception {
        sendMessages("addresses.orders", 6, "red");
        showAs(ADMIN, "#/addresses");
        awaitPageShows(() -> {
            for (JsonNode a : apiGet("/api/addresses")) {
                String name = a.path("name").asText();
                assertCell(name, "messages", a.path("messages").asLong());
                assertCell(name, "consumers", a.path("consumers").asLong());
                assertEquals(a.path("kind").asText(), cell(browser, name, "kind"), name);
            }
        });
        await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector(
                "tr[data-row='addresses.orders'] svg.spark polyline")).isEmpty());
        HeadlessChromium.screenshot(browser, "addresses");
        show("#/queues");
        assertCell("addresses.orders", "depth", 6);
        assertCell("addresses.orders", "enqueued", 6);
        HeadlessChromium.screenshot(browser, "queues");
    }

    @Test
    void queuePageBrowsesMessagesWithASelector() throws Exception {
        sendMessages("browse.orders", 5, "red");
        sendMessages("browse.orders", 3, "blue");
        showAs(ADMIN, "#/queue/browse.orders");
        assertFigure("depth", queueFigure("browse.orders", "depth"));
        assertFigure("enqueued", 8);
        assertEquals(8, browser.findElements(By.cssSelector("#messages tbody tr")).size());
        browser.findElement(By.id("selector")).sendKeys("color = 'red'");
        browser.findElement(By.id("browse")).click();
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#messages tbody tr")).size() == 5);
        long apiRed = apiGet("/api/queues/browse.orders/messages?selector=color%20%3D%20%27red%27").size();
        assertEquals(apiRed, browser.findElements(By.cssSelector("#messages tbody tr")).size());
        browser.findElement(By.cssSelector("#messages tbody tr a[data-action='show']")).click();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("message-detail")).getText().contains("red"));
        HeadlessChromium.screenshot(browser, "queue");
    }

    @Test
    void queuePageShowsItsConsumersAndMarksOneThatHoldsDeliveriesWithoutAcknowledging() throws Exception {
        sendMessages("held.orders", 3, "red");
        try (Session holding = jms.createSession(false, Session.CLIENT_ACKNOWLEDGE);
             Session idle = jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            assertNotNull(holding.createConsumer(holding.createQueue("held.orders")).receive(5000));
            idle.createConsumer(idle.createQueue("held.orders"), "color = 'blue'");
            await().atMost(WAIT).until(() -> apiGet("/api/queues/held.orders/consumers").size() == 2
                    && apiGet("/api/queues/held.orders/consumers").get(0).path("unsettled").asLong() == 3);
            showAs(ADMIN, "#/queue/held.orders");
            assertEquals(2, browser.findElements(By.cssSelector("#consumers tbody tr")).size());
            WebElement held = browser.findElements(By.cssSelector("#consumers tbody tr")).get(0);
            assertEquals("3", held.findElement(By.cssSelector("td[data-col='unsettled']")).getText());
            assertEquals("–", held.findElement(By.cssSelector("td[data-col='lastAcknowledgement']")).getText());
            assertTrue(browser.findElement(By.id("consumers")).getText().contains("color = 'blue'"));
            // After the broker's stuck-consumer-after without an acknowledgement, a refresh marks the one holding 3.
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElements(By.cssSelector(
                    "#consumers tbody tr.stuck")).size() == 1);
            WebElement stuck = browser.findElement(By.cssSelector("#consumers tbody tr.stuck"));
            assertEquals("3", stuck.findElement(By.cssSelector("td[data-col='unsettled']")).getText());
            assertTrue(stuck.getAttribute("title").endsWith("for over " + STUCK_AFTER.toSeconds() + " s"),
                    stuck.getAttribute("title"));
            HeadlessChromium.screenshot(browser, "queue-consumers");
        }
    }

    @Test
    void deleteAndMoveButtonsChangeTheQueue() throws Exception {
        sendMessages("stock", 3, "green");
        showAs(ADMIN, "#/queue/stock");
        WebElement first = browser.findElements(By.cssSelector("#messages tbody tr")).get(0);
        change(first.findElement(By.cssSelector("button[data-action='delete']")));
        assertTrue(noticeText().contains("deleted"), noticeText());
        await().atMost(WAIT).until(() -> queueFigure("stock", "depth") == 2);
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#messages tbody tr")).size() == 2);

        WebElement next = browser.findElements(By.cssSelector("#messages tbody tr")).get(0);
        next.findElement(By.cssSelector("input[data-input='move-to']")).sendKeys("stock.archive");
        next.findElement(By.cssSelector("button[data-action='move']")).click();
        await().atMost(WAIT).until(() -> queueFigure("stock", "depth") == 1);
        assertEquals(1, queueFigure("stock.archive", "depth"));
        assertTrue(noticeText().contains("moved to stock.archive"), noticeText());
    }

    @Test
    void retryOnTheDeadLetterPageSendsTheMessagesBackToTheirQueue() throws Exception {
        deadLetter("payments", 2);
        showAs(ADMIN, "#/dlq");
        assertCell("DLQ.payments", "depth", 2);
        HeadlessChromium.screenshot(browser, "dead-letters");
        change(browser.findElement(By.cssSelector("tr[data-row='DLQ.payments'] button[data-action='retry-all']")));
        assertTrue(noticeText().contains("2 message(s) from DLQ.payments"), noticeText());
        try (Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer c = s.createConsumer(s.createQueue("payments"));
            for (int i = 0; i < 2; i++) {
                Message m = c.receive(5000);
                assertNotNull(m, "retried message " + i + " arrives at its original queue");
                assertEquals("red", m.getStringProperty("color"));
            }
        }
        assertEquals(0, queueFigure("DLQ.payments", "depth"));
    }

    @Test
    void connectionsPageClosesAConnection() throws Exception {
        AtomicReference<Exception> lost = new AtomicReference<>();
        Connection victim = new JmsConnectionFactory("amqp://127.0.0.1:" + amqp.port()).createConnection();
        try {
            victim.setClientID("console-test-victim");
            victim.setExceptionListener(lost::set);
            victim.start();
            String id = null;
            for (JsonNode c : apiGet("/api/connections")) {
                if ("console-test-victim".equals(c.path("clientId").asText())) {
                    id = c.path("id").asText();
                }
            }
            assertNotNull(id, "the API lists the connection");
            showAs(ADMIN, "#/connections");
            assertEquals(apiGet("/api/connections").size(),
                    browser.findElements(By.cssSelector("#page tbody tr")).size());
            HeadlessChromium.screenshot(browser, "connections");
            change(browser.findElement(By.cssSelector("tr[data-row='" + id + "'] button[data-action='close']")));
            await().atMost(WAIT).until(() -> lost.get() != null);
            assertTrue(lost.get().getMessage().contains("closed by an operator"), lost.get().getMessage());
        } finally {
            victim.close();
        }
    }

    @Test
    void aReadOnlyUserSeesNoChangeButtons() throws Exception {
        deadLetter("readonly.payments", 1);
        sendMessages("readonly.orders", 2, "blue");
        logIn(VIEWER);
        assertTrue(browser.findElement(By.id("whoami")).getText().startsWith(VIEWER + " · browse"),
                browser.findElement(By.id("whoami")).getText());
        for (String page : List.of("#/queue/readonly.orders", "#/queue/DLQ.readonly.payments", "#/dlq",
                "#/connections")) {
            show(page);
            assertTrue(browser.findElements(By.cssSelector("#page tbody tr")).size() > 0, page);
            assertEquals(List.of(), browser.findElements(By.cssSelector("#page button.change")), page);
        }
        show("#/queue/readonly.orders");
        HeadlessChromium.screenshot(browser, "queue-read-only");
    }

    // ------------------------------------------------------------------ pages on API parts other branches add

    @Test
    void streamPagesShowTheGroupsLagPerPartition() throws Exception {
        createAddress("events", "stream", "{\"partitions\": 2}");
        sendMessages("events", 10, "red");
        try (Session s = jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageConsumer group = s.createSharedDurableConsumer(s.createTopic("stream://events?stream-offset=first"),
                    "billing");
            Message m = null;
            for (int i = 0; i < 4; i++) {
                m = group.receive(5000);
                assertNotNull(m);
            }
            m.acknowledge();
            group.close();
        }
        showAs(ADMIN, "#/streams");
        JsonNode list = apiGet("/api/streams");
        assertEquals(list.size(), browser.findElements(By.cssSelector("#page tbody tr")).size());
        assertCell("events", "messages", 10);
        HeadlessChromium.screenshot(browser, "streams");
        show("#/stream/events");
        JsonNode stream = apiGet("/api/streams/events");
        for (JsonNode g : stream.path("groups")) {
            WebElement section = browser.findElement(By.cssSelector("[data-group='" + g.path("group").asText() + "']"));
            assertFigure(section, "lag", g.path("lag").asLong());
            for (JsonNode p : g.path("partitions")) {
                assertCell(section, p.path("partition").asText(), "lag", p.path("lag").asLong());
            }
            assertEquals(g.path("partitions").size(), section.findElements(By.cssSelector("svg rect.bar")).size());
        }
        HeadlessChromium.screenshot(browser, "stream");
    }

    @Test
    void retryOnOneDeadLetterSendsItBackToItsQueue() throws Exception {
        deadLetter("refunds", 2);
        showAs(ADMIN, "#/queue/DLQ.refunds");
        change(browser.findElements(By.cssSelector("#messages button[data-action='retry']")).get(0));
        assertTrue(noticeText().contains("sent back"), noticeText());
        try (Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertNotNull(s.createConsumer(s.createQueue("refunds")).receive(5000));
        }
        assertEquals(1, queueFigure("DLQ.refunds", "depth"));
    }

    @Test
    void messageDetailShowsTheBody() throws Exception {
        sendMessages("bodies", 1, "amber");
        showAs(ADMIN, "#/queue/bodies");
        browser.findElement(By.cssSelector("#messages a[data-action='show']")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector("#message-detail pre.body")).isEmpty());
        assertTrue(browser.findElement(By.cssSelector("#message-detail pre.body")).getText().contains("amber 0"));
        HeadlessChromium.screenshot(browser, "message");
    }

    @Test
    void tracePageShowsAMessagesEventsAsATimeline() throws Exception {
        createAddress("traced", "queue", "{\"tracing\": \"on\"}");
        String messageId;
        try (Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage m = s.createTextMessage("traced");
            s.createProducer(s.createQueue("traced")).send(m);
            messageId = m.getJMSMessageID();
            assertNotNull(s.createConsumer(s.createQueue("traced")).receive(5000));
        }
        String path = "/api/messages/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8) + "/trace";
        await().atMost(WAIT).until(() -> apiGet(path).toString().contains("\"settled\""));
        showAs(ADMIN, "#/trace/" + messageId);
        JsonNode trace = apiGet(path);
        int events = 0;
        for (JsonNode t : trace) {
            events += t.path("events").size();
        }
        assertTrue(events > 0, trace.toString());
        assertEquals(events, browser.findElements(By.cssSelector("ol.events li")).size());
        assertEquals(events, browser.findElements(By.cssSelector("svg.timeline circle.event")).size());
        HeadlessChromium.screenshot(browser, "trace");
    }
}
