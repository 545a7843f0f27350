package org.elasticsearch.plugins;

import org.elasticsearch.Version;
import org.elasticsearch.common.settings.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PluginsService whose plugins are plain classes already on the JVM's class path, instead of
 * bundles read from home/modules and home/plugins. Lives in ES's package because the
 * LoadedPlugin record and the loadPlugin/loadExtensions helpers are package-private.
 */
public final class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Path configDir, PluginsLoader emptyLoader, List<Class<? extends Plugin>> classes) {
        super(settings, configDir, emptyLoader); // loads nothing: the loader has no bundles
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> cls : classes) {
            // A synthetic descriptor: name = class name; not modular, not stable, no native controller.
            PluginDescriptor descriptor = new PluginDescriptor(
                cls.getName(), "classpath plugin", "NA", Version.CURRENT.toString(), "17",
                cls.getName(), null, List.of(), false, false, false, false
            );
            Plugin instance = loadPlugin(cls, settings, configDir);
            loaded.add(new LoadedPlugin(descriptor, instance, cls.getClassLoader()));
        }
        loadExtensions(loaded); // lets ExtensiblePlugins see each other (none of ours need it today)
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }
}
