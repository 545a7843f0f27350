package dev.pvelens.es;

import org.elasticsearch.ResourceAlreadyExistsException;
import org.elasticsearch.action.admin.indices.create.AutoCreateAction;
import org.elasticsearch.action.admin.indices.create.CreateIndexRequest;
import org.elasticsearch.action.admin.indices.create.CreateIndexResponse;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.ClusterStateUpdateTask;
import org.elasticsearch.cluster.health.ClusterStateHealth;
import org.elasticsearch.cluster.metadata.ComposableIndexTemplate;
import org.elasticsearch.cluster.metadata.DataStream;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.metadata.MetadataDataStreamsService;
import org.elasticsearch.cluster.metadata.MetadataIndexTemplateService;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.Index;
import org.elasticsearch.index.IndexNotFoundException;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.rest.action.RestActionListener;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Our own small stand-in for the data-stream REST API of ES's data-streams module (which is not
 * on Maven Central). Data streams themselves are core: writing to a name that matches a
 * composable template with "data_stream": {} creates one, rollover works, and so on. What the
 * module adds is the management API; we provide just enough of it for tests:
 *
 *   GET    /_data_stream[/{name,...}]  name, timestamp_field, indices, generation, status, template, hidden, system
 *   PUT    /_data_stream/{name}        create (needs a matching data-stream template), like the real API
 *   DELETE /_data_stream/{name,...}    delete data streams and their backing indices (wildcards allowed)
 *
 * Errors follow ES: unknown concrete name -> 404 index_not_found_exception; PUT of an existing
 * one -> 400 resource_already_exists_exception; PUT without a template -> 400.
 * Not provided: _data_stream/_stats, lifecycle, options, settings, migrate, modify, promote.
 */
public class DataStreamAdminPlugin extends Plugin implements ActionPlugin {
    private volatile ClusterService clusterService;
    private volatile Settings nodeSettings;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        this.nodeSettings = services.environment().settings();
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings, NamedWriteableRegistry namedWriteableRegistry, RestController restController,
        ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver, Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new BaseRestHandler() {
            @Override
            public String getName() {
                return "pvelens_data_stream_admin";
            }

            @Override
            public List<Route> routes() {
                return List.of(
                    new Route(RestRequest.Method.GET, "/_data_stream"),
                    new Route(RestRequest.Method.GET, "/_data_stream/{name}"),
                    new Route(RestRequest.Method.PUT, "/_data_stream/{name}"),
                    new Route(RestRequest.Method.DELETE, "/_data_stream/{name}")
                );
            }

            @Override
            protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
                String[] names = Strings.splitStringByCommaToArray(request.param("name", "*"));
                // Accepted and ignored, so that clients passing the usual options are not refused.
                for (String p : List.of("expand_wildcards", "include_defaults", "verbose", "master_timeout", "timeout")) {
                    request.param(p);
                }
                return switch (request.method()) {
                    case GET -> channel -> get(channel, names);
                    case PUT -> channel -> create(channel, client, request.param("name"));
                    default -> channel -> delete(channel, names);
                };
            }
        });
    }

    /** Data streams matching the names/patterns; a concrete name that does not exist is a 404. */
    private static Set<DataStream> resolve(ClusterState state, String[] names) {
        Set<DataStream> found = new LinkedHashSet<>();
        for (String name : names) {
            if (Regex.isSimpleMatchPattern(name)) {
                state.metadata().dataStreams().values().stream().filter(ds -> Regex.simpleMatch(name, ds.getName())).forEach(found::add);
            } else {
                DataStream ds = state.metadata().dataStreams().get(name);
                if (ds == null) throw new IndexNotFoundException(name);
                found.add(ds);
            }
        }
        return found;
    }

    private void get(RestChannel channel, String[] names) throws IOException {
        ClusterState state = clusterService.state();
        XContentBuilder b = channel.newBuilder();
        b.startObject().startArray("data_streams");
        for (DataStream ds : resolve(state, names)) {
            String[] backing = ds.getIndices().stream().map(Index::getName).toArray(String[]::new);
            b.startObject();
            b.field("name", ds.getName());
            b.startObject("timestamp_field").field("name", DataStream.TIMESTAMP_FIELD_NAME).endObject();
            b.startArray("indices");
            for (Index i : ds.getIndices()) {
                b.startObject().field("index_name", i.getName()).field("index_uuid", i.getUUID()).endObject();
            }
            b.endArray();
            b.field("generation", ds.getGeneration());
            b.field("status", new ClusterStateHealth(state, backing).getStatus().name());
            b.field("template", MetadataIndexTemplateService.findV2Template(state.metadata(), ds.getName(), ds.isHidden()));
            b.field("hidden", ds.isHidden());
            b.field("system", ds.isSystem());
            b.field("replicated", ds.isReplicated());
            b.field("allow_custom_routing", ds.isAllowCustomRouting());
            b.endObject();
        }
        b.endArray().endObject();
        channel.sendResponse(new RestResponse(RestStatus.OK, b));
    }

    /** Same path as auto-creation on first write: server's AutoCreateAction creates the data stream. */
    private void create(RestChannel channel, NodeClient client, String name) {
        ClusterState state = clusterService.state();
        if (state.metadata().dataStreams().containsKey(name)) {
            throw new ResourceAlreadyExistsException("data_stream [{}] already exists", name);
        }
        String templateName = MetadataIndexTemplateService.findV2Template(state.metadata(), name, false);
        ComposableIndexTemplate template = templateName == null ? null : state.metadata().templatesV2().get(templateName);
        if (template == null || template.getDataStreamTemplate() == null) {
            throw new IllegalArgumentException("no matching index template with data stream template found for data stream [" + name + "]");
        }
        client.execute(AutoCreateAction.INSTANCE, new CreateIndexRequest(name).cause("api"), new RestActionListener<CreateIndexResponse>(channel) {
            @Override
            protected void processResponse(CreateIndexResponse response) throws IOException {
                acknowledged(channel, response.isAcknowledged());
            }
        });
    }

    /** Removes the data streams and their backing indices in one cluster state update. */
    @SuppressWarnings("deprecation") // submitUnbatchedStateUpdateTask: fine for a test-only node
    private void delete(RestChannel channel, String[] names) {
        Set<DataStream> targets = resolve(clusterService.state(), names); // 404 early for unknown names
        clusterService.submitUnbatchedStateUpdateTask("pvelens-delete-data-stream " + String.join(",", names), new ClusterStateUpdateTask() {
            @Override
            public ClusterState execute(ClusterState current) {
                Set<DataStream> still = new LinkedHashSet<>();
                for (DataStream ds : targets) {
                    DataStream now = current.metadata().dataStreams().get(ds.getName());
                    if (now != null) still.add(now);
                }
                return MetadataDataStreamsService.deleteDataStreams(current, still, nodeSettings);
            }

            @Override
            public void onFailure(Exception e) {
                try {
                    channel.sendResponse(new RestResponse(channel, e));
                } catch (IOException io) {
                    e.addSuppressed(io);
                }
            }

            @Override
            public void clusterStateProcessed(ClusterState before, ClusterState after) {
                try {
                    acknowledged(channel, true);
                } catch (IOException e) {
                    onFailure(e);
                }
            }
        });
    }

    private static void acknowledged(RestChannel channel, boolean ack) throws IOException {
        XContentBuilder b = channel.newBuilder();
        b.startObject().field("acknowledged", ack).endObject();
        channel.sendResponse(new RestResponse(RestStatus.OK, b));
    }
}
