package dev.pvelens.es;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one real Elasticsearch 8.19 node in this JVM, for pvelens' tests (see test/es/node.ts).
 *
 * Usage: java -Xmx512m -jar target/es-server.jar --home DIR [--exit-on-stdin-close] [-Ekey=value ...]
 *   --home DIR              path.home; data in DIR/data, logs in DIR/logs (or env PVELENS_ES_HOME).
 *                           Reusing DIR restarts the node on the same data.
 *   --exit-on-stdin-close   stop the node when stdin reaches EOF (the parent died or closed the pipe).
 *   -Ekey=value             any node setting, applied after the defaults below (e.g. -Ehttp.port=9250,
 *                           -Ethread_pool.write.queue_size=1).
 *
 * When HTTP is bound, prints exactly one line on stdout:  PVELENS_ES_READY http://127.0.0.1:PORT
 * Logs go to stderr (see log4j2.properties). SIGTERM or stdin EOF close the node cleanly.
 *
 * Only the server jar and the transport-netty4 module are on Maven Central, so the node has no
 * x-pack (no security, ILM, license), no Painless and no ingest processors. GET / and the
 * _data_stream API come from our own RootInfoPlugin and DataStreamAdminPlugin.
 */
public final class EsLauncher {
    public static final String READY_PREFIX = "PVELENS_ES_READY ";

    public static void main(String[] args) throws Exception {
        String home = System.getenv("PVELENS_ES_HOME");
        boolean watchStdin = false;
        Settings.Builder extra = Settings.builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home") && i + 1 < args.length) {
                home = args[++i];
            } else if (a.equals("--exit-on-stdin-close")) {
                watchStdin = true;
            } else if (a.startsWith("-E") && a.indexOf('=') > 2) {
                extra.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                System.err.println("unknown argument: " + a + "\nusage: --home DIR [--exit-on-stdin-close] [-Ekey=value ...]");
                System.exit(2);
            }
        }
        if (home == null) {
            System.err.println("missing --home DIR (or env PVELENS_ES_HOME)");
            System.exit(2);
        }
        Path homeDir = Path.of(home).toAbsolutePath();
        for (String sub : List.of("config", "data", "logs", "modules", "plugins")) {
            Files.createDirectories(homeDir.resolve(sub));
        }

        Settings settings = Settings.builder()
            .put("path.home", homeDir.toString())
            .put("path.data", homeDir.resolve("data").toString())
            .put("path.logs", homeDir.resolve("logs").toString())
            .put("cluster.name", "pvelens-test")
            .put("node.name", "pvelens-es")
            .put("discovery.type", "single-node")       // no bootstrap/election, no peers
            .put("network.host", "127.0.0.1")            // HTTP and transport on loopback only
            .put("http.port", "0")                       // ephemeral; the real port is printed
            .put("transport.port", "0")
            .put("cluster.routing.allocation.disk.threshold_enabled", false) // no watermarks / read-only blocks
            .put("indices.breaker.total.use_real_memory", false)             // no spurious breaker 429s
            .put("action.destructive_requires_name", false)                  // tests may DELETE by wildcard
            .put(extra.build())
            .build();

        // Logging. First let log4j configure itself from our log4j2.properties (classpath; stderr).
        // configureWithoutConfig then only installs ES's logger factory and applies -Elogger.* levels:
        // its own Configurator.initialize is a no-op on an already started context. In the other
        // order ES's empty programmatic configuration wins and only ERRORs reach stdout.
        org.apache.logging.log4j.LogManager.getContext(false);
        LogConfigurator.configureWithoutConfig(settings);

        if (watchStdin) { // started first, so that a parent dying during start-up stops us too
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // ignore input; we only care about EOF
                    }
                } catch (Exception ignored) {
                    // a broken stdin counts as closed
                }
                System.exit(0); // runs the shutdown hook
            }, "pvelens-es-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }

        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "pvelens-es");
        CountDownLatch closed = new CountDownLatch(1);
        Node node;
        try {
            node = new ClasspathNode(env, List.of(Netty4Plugin.class, RootInfoPlugin.class, DataStreamAdminPlugin.class));
            // SIGTERM, SIGINT, stdin EOF and System.exit all end up here: close the node cleanly.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    node.close();
                    node.awaitClose(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    closed.countDown();
                }
            }, "pvelens-es-shutdown"));
            node.start();
        } catch (Throwable t) {
            System.err.println("PVELENS_ES_FAILED " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        TransportAddress http = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        System.out.println(READY_PREFIX + "http://" + http.getAddress() + ":" + http.getPort());
        System.out.flush();

        closed.await(); // keep main alive; the node's own threads are daemons
    }
}
