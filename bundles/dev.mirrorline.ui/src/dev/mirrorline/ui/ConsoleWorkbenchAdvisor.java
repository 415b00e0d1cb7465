package dev.mirrorline.ui;

import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import dev.mirrorline.ui.history.ConsoleEventHistory;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Workbench-wide settings of the console: its first perspective, that layouts are remembered, that
 * the embedded engine starts with the workbench, and that it and the event history are closed when
 * the workbench is.
 */
final class ConsoleWorkbenchAdvisor extends WorkbenchAdvisor {

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        configurer.setSaveAndRestore(true);
    }

    @Override
    public void postStartup() {
        super.postStartup();
        ConsoleNode.get(); // the embedded engine starts in the background
    }

    @Override
    public void postShutdown() {
        ConsoleNode.close(); // before the history, so that its last events are recorded
        ConsoleEventHistory.close();
        super.postShutdown();
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return ConsolePerspective.ID;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new ConsoleWindowAdvisor(configurer);
    }
}
