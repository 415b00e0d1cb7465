package dev.mirrorline.ui.pairs.properties;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairStatus;

/**
 * A pair as the Properties view shows it: every {@link PairProperty}, read-only, read from the
 * running pair (its status is read once for all properties of a refresh of the view, not once per
 * property).
 */
public final class PairPropertySource implements IPropertySource {

    /** Texts older than this are read again from the pair. */
    private static final long FRESH_NANOS = 200_000_000L;

    private final Pair pair;
    private Map<PairProperty, String> texts;
    private long readAt;

    /** @param pair the pair to show */
    public PairPropertySource(Pair pair) {
        this.pair = pair;
    }

    @Override
    public Object getEditableValue() {
        return pair;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        PairProperty[] properties = PairProperty.values();
        IPropertyDescriptor[] descriptors = new IPropertyDescriptor[properties.length];
        for (int i = 0; i < properties.length; i++) {
            PropertyDescriptor descriptor = new PropertyDescriptor(properties[i], properties[i].label());
            descriptor.setCategory(properties[i].category());
            descriptors[i] = descriptor;
        }
        return descriptors;
    }

    @Override
    public Object getPropertyValue(Object id) {
        if (!(id instanceof PairProperty property)) {
            return null;
        }
        if (texts == null || System.nanoTime() - readAt > FRESH_NANOS) {
            PairStatus status = pair.status();
            readAt = System.nanoTime();
            texts = new EnumMap<>(PairProperty.class);
            for (PairProperty each : PairProperty.values()) {
                texts.put(each, each.text(pair, status));
            }
        }
        return texts.get(property);
    }

    @Override
    public boolean isPropertySet(Object id) {
        return false;
    }

    @Override
    public void resetPropertyValue(Object id) {
        // read-only
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
        // read-only
    }
}
