package dev.mirrorline.agent;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * The agent as an Equinox application ({@code dev.mirrorline.agent.application}), which the
 * product's {@code mirrorline-agent} script starts. It loads no UI bundle.
 */
public final class AgentApplication implements IApplication {

    private volatile Agent running;

    @Override
    public Object start(IApplicationContext context) {
        String[] arguments = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        context.applicationRunning();
        return AgentMain.run(arguments == null ? new String[0] : arguments, System.out, System.err,
                agent -> running = agent);
    }

    @Override
    public void stop() {
        Agent agent = running;
        if (agent != null) {
            agent.stop();
        }
    }
}
