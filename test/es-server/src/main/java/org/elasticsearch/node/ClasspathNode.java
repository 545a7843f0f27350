package org.elasticsearch.node;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Elasticsearch Node whose plugins come from the class path (see ClasspathPluginsService).
 * In ES's package because NodeConstruction, NodeServiceProvider and the Node(NodeConstruction)
 * constructor are package-private. Written against 8.19.x; these internals change between minors.
 */
public final class ClasspathNode extends Node {

    public ClasspathNode(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        super(
            NodeConstruction.prepareConstruction(
                environment,
                // no module/plugin bundles; false = do not wire qualified exports of a modular server
                PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
                new NodeServiceProvider() {
                    @Override
                    PluginsService newPluginService(Environment env, PluginsLoader loader) {
                        return new ClasspathPluginsService(env.settings(), env.configDir(), loader, pluginClasses);
                    }
                },
                true // forbid private index settings, as a production node does
            )
        );
    }

    /** The default listener sets process-wide log fields once; skipping it is harmless for tests. */
    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}
}
