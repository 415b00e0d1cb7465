package dev.mirrorline.cli;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * The command line as an Equinox application ({@code dev.mirrorline.cli.application}), which the
 * product's {@code mirrorline} script starts when it is given a command. It loads no UI bundle.
 */
public final class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] arguments = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        context.applicationRunning();
        return CliMain.run(arguments == null ? new String[0] : arguments, System.out, System.err);
    }

    @Override
    public void stop() {
        // a command ends by itself
    }
}
