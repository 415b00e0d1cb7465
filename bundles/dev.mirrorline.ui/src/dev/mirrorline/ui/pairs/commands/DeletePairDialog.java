package dev.mirrorline.ui.pairs.commands;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.ui.Messages;

/**
 * Asks before a pair is deleted, naming the pair and its volumes, with "also delete the volume image
 * files" unchecked: the volumes are kept unless the user asks.
 */
public final class DeletePairDialog extends MessageDialog {

    private boolean deleteVolumes;

    /**
     * @param shell the parent shell
     * @param pair the pair to delete
     */
    public DeletePairDialog(Shell shell, Pair pair) {
        super(shell, Messages.PairCommands_delete_title, null, message(pair), MessageDialog.QUESTION, 0,
                Messages.PairCommands_delete_button, IDialogConstants.CANCEL_LABEL);
    }

    private static String message(Pair pair) {
        String secondary = pair.spec().secondary() instanceof PairSpec.LocalSecondary local
                ? local.image().toString()
                : NLS.bind(Messages.PairCommands_delete_remoteSecondary, pair.secondaryDescription());
        return NLS.bind(Messages.PairCommands_delete_message,
                new Object[] { pair.name(), pair.spec().primaryImage(), secondary });
    }

    @Override
    protected Control createCustomArea(Composite parent) {
        Button alsoVolumes = new Button(parent, SWT.CHECK);
        alsoVolumes.setText(Messages.PairCommands_delete_alsoVolumes);
        alsoVolumes.setSelection(false);
        alsoVolumes.addListener(SWT.Selection, event -> deleteVolumes = alsoVolumes.getSelection());
        return alsoVolumes;
    }

    /** @return whether the user asked to delete the volume image files too (read after {@link #open()}) */
    public boolean deleteVolumes() {
        return deleteVolumes;
    }
}
