package dev.mirrorline.ui.pairs.properties;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.ui.views.properties.IPropertySource;

import dev.mirrorline.node.Pair;

/** Adapts a {@link Pair} to the {@link IPropertySource} the Properties view shows (declared in plugin.xml). */
public final class PairAdapterFactory implements IAdapterFactory {

    @Override
    public <T> T getAdapter(Object adaptableObject, Class<T> adapterType) {
        if (adapterType == IPropertySource.class && adaptableObject instanceof Pair pair) {
            return adapterType.cast(new PairPropertySource(pair));
        }
        return null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IPropertySource.class };
    }
}
