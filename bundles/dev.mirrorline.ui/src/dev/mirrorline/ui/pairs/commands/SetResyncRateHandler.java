package dev.mirrorline.ui.pairs.commands;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/**
 * Set Resync Rate Limit: asks for the pair's resync rate limit in MiB/s (0 for none), checked as
 * the user types, and sets it in a job; a resync going on takes it at once.
 */
public final class SetResyncRateHandler extends PairHandler {

    /** The data key under which the dialog's text field is named, for tests. */
    public static final String WIDGET_KEY = "mirrorline.widget"; //$NON-NLS-1$
    /** The dialog's text field's name. */
    public static final String RATE_WIDGET = "resyncRate"; //$NON-NLS-1$
    private static final double MIB = 1 << 20;

    @Override
    protected void execute(Pair pair, Shell shell) {
        InputDialog dialog = new InputDialog(shell, Messages.PairCommands_resyncRate_title,
                NLS.bind(Messages.PairCommands_resyncRate_message, pair.name()),
                mebibytesPerSecond(pair.spec().resyncBytesPerSecond()),
                text -> problemWith(text).orElse(null)) {
            @Override
            protected org.eclipse.swt.widgets.Control createDialogArea(org.eclipse.swt.widgets.Composite parent) {
                org.eclipse.swt.widgets.Control area = super.createDialogArea(parent);
                getText().setData(WIDGET_KEY, RATE_WIDGET);
                return area;
            }
        };
        if (dialog.open() != Window.OK) {
            return;
        }
        long bytesPerSecond = bytesPerSecond(dialog.getValue()).orElseThrow();
        PairJobHandler.schedule(Messages.PairCommands_resyncRate, Messages.PairCommands_advice_settings, pair, shell,
                chosen -> chosen.setResyncRate(bytesPerSecond));
    }

    /** @return the limit shown in the dialog: MiB/s without needless decimals */
    static String mebibytesPerSecond(long bytesPerSecond) {
        return new BigDecimal(bytesPerSecond / MIB).stripTrailingZeros().toPlainString();
    }

    /** @return bytes a second for a number of MiB/s, if the text is one */
    static Optional<Long> bytesPerSecond(String text) {
        try {
            double mebibytes = Double.parseDouble(text.strip().replace(',', '.'));
            if (mebibytes >= 0 && mebibytes < 1e9 && !Double.isNaN(mebibytes)) {
                return Optional.of(Math.round(mebibytes * MIB));
            }
        } catch (NumberFormatException e) {
            // said by problemWith
        }
        return Optional.empty();
    }

    /** @return what is wrong with the text, if anything: the node's own words for a limit it refuses */
    static Optional<String> problemWith(String text) {
        Optional<Long> bytes = bytesPerSecond(text.toLowerCase(Locale.ROOT));
        if (bytes.isEmpty()) {
            return Optional.of(Messages.PairCommands_resyncRate_invalid);
        }
        return MirrorlineNode.problemWithResyncRate(bytes.get());
    }
}
