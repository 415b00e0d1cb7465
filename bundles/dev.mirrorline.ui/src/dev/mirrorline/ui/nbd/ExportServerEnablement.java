package dev.mirrorline.ui.nbd;

import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.services.IEvaluationService;

/**
 * Asks the workbench to evaluate the NBD server commands' enablement again (Start Server, Stop
 * Server, Start Export, Stop Export), after the server or an export started or stopped. Call it on the UI thread.
 */
public final class ExportServerEnablement {

    private ExportServerEnablement() {
    }

    /** Asks for a new evaluation of the {@link ExportServerPropertyTester} properties now. */
    public static void requestEvaluation() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IEvaluationService evaluation = PlatformUI.getWorkbench().getService(IEvaluationService.class);
        evaluation.requestEvaluation(ExportServerPropertyTester.NAMESPACE + '.'
                + ExportServerPropertyTester.SERVER_RUNNING);
        evaluation.requestEvaluation(ExportServerPropertyTester.NAMESPACE + '.'
                + ExportServerPropertyTester.NODE_RUNNING);
        evaluation.requestEvaluation(ExportServerPropertyTester.NAMESPACE + '.'
                + ExportServerPropertyTester.EXPORT_SERVED);
    }
}
