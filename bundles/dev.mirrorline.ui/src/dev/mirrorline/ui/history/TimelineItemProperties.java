package dev.mirrorline.ui.history;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

import dev.mirrorline.ui.Messages;
import dev.mirrorline.ui.timeline.ItemDescriptions;
import dev.mirrorline.ui.timeline.TimelineSelection;

/**
 * What the Properties view shows of an item selected in the Timeline: its pair, what it is, when
 * it started and ended, and its details as the timeline's tooltip gives them.
 *
 * @param selection the selected lane and item
 */
public record TimelineItemProperties(TimelineSelection selection) implements IPropertySource {

    private static final String PAIR = "pair"; //$NON-NLS-1$
    private static final String KIND = "kind"; //$NON-NLS-1$
    private static final String START = "start"; //$NON-NLS-1$
    private static final String END = "end"; //$NON-NLS-1$
    private static final String DETAILS = "details"; //$NON-NLS-1$

    /** @return the name of the selected item's pair */
    public String pair() {
        return selection.lane().id();
    }

    @Override
    public Object getEditableValue() {
        return this;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        List<PropertyDescriptor> descriptors = List.of(new PropertyDescriptor(PAIR, Messages.TimelineView_property_pair),
                new PropertyDescriptor(KIND, Messages.TimelineView_property_kind),
                new PropertyDescriptor(START, Messages.TimelineView_property_start),
                new PropertyDescriptor(END, Messages.TimelineView_property_end),
                new PropertyDescriptor(DETAILS, Messages.TimelineView_property_details));
        descriptors.forEach(descriptor -> descriptor.setCategory(Messages.TimelineView_property_category));
        return descriptors.toArray(IPropertyDescriptor[]::new);
    }

    @Override
    public Object getPropertyValue(Object id) {
        var item = selection.item();
        return switch ((String) id) {
            case PAIR -> pair();
            case KIND -> item == null ? "" : item.getClass().getSimpleName(); //$NON-NLS-1$
            case START -> item == null ? "" : Instant.ofEpochMilli(item.start()).toString(); //$NON-NLS-1$
            case END -> item == null ? "" : item.isOpen() ? Messages.TimelineView_stillOpen //$NON-NLS-1$
                    : Instant.ofEpochMilli(item.end()).toString();
            case DETAILS -> item == null ? "" : String.join("; ", ItemDescriptions.describe(selection.lane(), //$NON-NLS-1$ //$NON-NLS-2$
                    item, System.currentTimeMillis(), ZoneId.systemDefault()).lines().skip(1).toList());
            default -> null;
        };
    }

    @Override
    public boolean isPropertySet(Object id) {
        return false;
    }

    @Override
    public void resetPropertyValue(Object id) {
        // read only
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
        // read only
    }
}
