package dev.mirrorline.ui.pairs.commands;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.progress.IProgressConstants;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/**
 * A handler whose action on the pair is short but may wait for the engine (a snapshot taken, the
 * write load's last write): it runs as a job, one at a time per pair, and a failure is reported by
 * {@link CommandFailures}. Once it ran, the commands' enablement is evaluated again.
 */
public abstract class PairJobHandler extends PairHandler {

    private final String commandName;
    private final String advice;

    /**
     * @param commandName the command's name, for the job and a failure's dialog
     * @param advice what to do when it fails
     */
    protected PairJobHandler(String commandName, String advice) {
        this.commandName = commandName;
        this.advice = advice;
    }

    /**
     * Acts on the pair, on a job's thread.
     *
     * @param pair the pair
     * @throws Exception what went wrong; reported to the user and the Error Log
     */
    protected abstract void act(Pair pair) throws Exception;

    @Override
    protected final void execute(Pair pair, Shell shell) {
        schedule(commandName, advice, pair, shell, this::act);
    }

    /** An action on a pair, run in a job. */
    @FunctionalInterface
    protected interface PairAction {
        /**
         * @param pair the pair
         * @throws Exception what went wrong
         */
        void act(Pair pair) throws Exception;
    }

    /**
     * Runs an action on a pair as a job, one at a time per pair, with its failure reported and
     * the commands' enablement evaluated again afterwards: for handlers that first ask the user.
     *
     * @param commandName the command's name, for the job and a failure's dialog
     * @param advice what to do when it fails
     * @param pair the pair
     * @param shell the shell for a failure's dialog
     * @param action what to do
     */
    protected static void schedule(String commandName, String advice, Pair pair, Shell shell, PairAction action) {
        Job job = Job.create(NLS.bind(Messages.PairCommands_jobName, commandName, pair.name()), monitor -> {
            try {
                action.act(pair);
                return Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CommandFailures.report(shell, commandName, pair, e, advice);
            } catch (Exception e) {
                return CommandFailures.report(shell, commandName, pair, e, advice);
            } finally {
                if (!shell.isDisposed()) {
                    shell.getDisplay().asyncExec(PairCommandEnablement::requestEvaluation);
                }
            }
        });
        job.setRule(new PairRule(pair));
        // the failure has its own dialog; the Progress view keeps it too, without a second dialog
        job.setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        job.schedule();
    }

    /** Keeps two commands on one pair from running at once; commands on different pairs run side by side. */
    private record PairRule(Pair pair) implements ISchedulingRule {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule instanceof PairRule other && other.pair == pair;
        }
    }
}
