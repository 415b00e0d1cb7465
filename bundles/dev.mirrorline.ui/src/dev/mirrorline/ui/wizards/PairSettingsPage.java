package dev.mirrorline.ui.wizards;

import java.util.Optional;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.PairSpec;

/**
 * A page of the New Pair wizard: it shows what the node finds wrong with its part of the settings
 * (as a plain message until the user has changed something, then as an error), and is complete
 * when nothing is wrong.
 */
abstract class PairSettingsPage extends WizardPage {

    private final NewPairWizard wizard;
    private final PairSpec.Part part;
    private boolean edited;

    PairSettingsPage(NewPairWizard wizard, String name, PairSpec.Part part, String title, String description) {
        super(name);
        this.wizard = wizard;
        this.part = part;
        setTitle(title);
        setDescription(description);
        setPageComplete(false);
    }

    NewPairWizard pairWizard() {
        return wizard;
    }

    /** Notes that the user changed something, and checks every page again. */
    void edited() {
        edited = true;
        wizard.changed();
    }

    /** Checks this page and shows the outcome. */
    final void validate() {
        if (getControl() == null || getControl().isDisposed()) {
            return;
        }
        Optional<MirrorlineNode> node = wizard.node();
        if (node.isEmpty()) {
            show(NewPairWizard.nodeProblem(), false);
            return;
        }
        Optional<String> problem = inputProblem();
        Optional<Message> pending = problem.isEmpty() ? pending() : Optional.empty();
        if (pending.isPresent()) {
            setErrorMessage(null);
            setMessage(pending.get().text(), pending.get().type());
            setPageComplete(pending.get().complete());
            return;
        }
        if (problem.isEmpty()) {
            problem = node.get().problemWith(wizard.spec(), part);
        }
        Optional<Message> message = problem.isPresent() ? Optional.empty() : notice(node.get());
        if (problem.isPresent()) {
            show(problem.get(), false);
        } else if (message.isPresent()) {
            setErrorMessage(null);
            setMessage(message.get().text(), message.get().type());
            setPageComplete(message.get().complete());
        } else {
            setErrorMessage(null);
            setMessage(null);
            setPageComplete(true);
        }
    }

    private void show(String problem, boolean complete) {
        if (edited) {
            setErrorMessage(problem);
        } else {
            setErrorMessage(null);
            setMessage(problem);
        }
        setPageComplete(complete);
    }

    /**
     * A message shown when the node finds nothing wrong.
     *
     * @param text the message
     * @param type an {@link IMessageProvider} type
     * @param complete whether the page is complete with it
     */
    record Message(String text, int type, boolean complete) {
    }

    /** @return what the page's own fields get wrong before the node is asked (text that is no number) */
    abstract Optional<String> inputProblem();

    /** @return a message to show instead of asking the node (a check still running) */
    Optional<Message> pending() {
        return Optional.empty();
    }

    /**
     * @param node the node
     * @return a message to show although nothing is wrong (a probe running, a fingerprint to confirm)
     */
    Optional<Message> notice(MirrorlineNode node) {
        return Optional.empty();
    }
}
