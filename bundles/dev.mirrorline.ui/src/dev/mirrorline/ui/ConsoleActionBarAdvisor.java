package dev.mirrorline.ui;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IStatusLineManager;
import org.eclipse.jface.action.StatusLineContributionItem;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/**
 * The console's menu bar (File, Window and Help, each with an additions group so that later
 * commands can be contributed through {@code org.eclipse.ui.menus}) and its status line.
 */
final class ConsoleActionBarAdvisor extends ActionBarAdvisor {

    /** Where plugin.xml contributes Help &gt; About Mirrorline ({@code menu:help?after=about}). */
    private static final String ABOUT_GROUP = "about"; //$NON-NLS-1$

    private final StatusLineContributionItem pairsSummary = new StatusLineContributionItem(
            "dev.mirrorline.ui.status.pairsSummary", 40); //$NON-NLS-1$

    ConsoleActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        register(ActionFactory.QUIT.create(window));
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();

        MenuManager file = new MenuManager(Messages.Menu_file, IWorkbenchActionConstants.M_FILE);
        file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(new Separator());
        file.add(getAction(ActionFactory.QUIT.getId()));

        MenuManager showView = new MenuManager(Messages.Menu_showView, "showView"); //$NON-NLS-1$
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
        MenuManager windowMenu = new MenuManager(Messages.Menu_window, IWorkbenchActionConstants.M_WINDOW);
        windowMenu.add(showView);
        windowMenu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));

        MenuManager help = new MenuManager(Messages.Menu_help, IWorkbenchActionConstants.M_HELP);
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        help.add(new Separator());
        help.add(new GroupMarker(ABOUT_GROUP));

        menuBar.add(file);
        menuBar.add(windowMenu);
        menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(help);
    }

    @Override
    protected void fillStatusLine(IStatusLineManager statusLine) {
        pairsSummary.setText(Messages.Status_startingEngine);
        statusLine.add(pairsSummary);
        org.eclipse.swt.widgets.Display display = org.eclipse.swt.widgets.Display.getCurrent();
        Runnable[] update = new Runnable[1];
        update[0] = () -> {
            if (display.isDisposed()) {
                return;
            }
            pairsSummary.setText(pairsSummary());
            display.timerExec(SUMMARY_REFRESH_MILLIS, update[0]);
        };
        display.timerExec(SUMMARY_REFRESH_MILLIS, update[0]);
    }

    private static final int SUMMARY_REFRESH_MILLIS = 1000;

    /** @return e.g. "2 pairs: 1 consistent, 1 interrupted", from the embedded engine */
    static String pairsSummary() {
        java.util.concurrent.CompletableFuture<dev.mirrorline.node.MirrorlineNode> node = dev.mirrorline.ui.node.ConsoleNode
                .get();
        if (!node.isDone()) {
            return Messages.Status_startingEngine;
        }
        if (node.isCompletedExceptionally()) {
            return Messages.Status_engineFailed;
        }
        java.util.List<dev.mirrorline.node.Pair> pairs = node.join().pairs();
        if (pairs.isEmpty()) {
            return Messages.Status_noPairs;
        }
        java.util.Map<dev.mirrorline.node.PairState, Integer> counts = new java.util.EnumMap<>(
                dev.mirrorline.node.PairState.class);
        for (dev.mirrorline.node.Pair pair : pairs) {
            counts.merge(pair.status().state(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder().append(pairs.size())
                .append(pairs.size() == 1 ? " pair: " : " pairs: "); //$NON-NLS-1$ //$NON-NLS-2$
        String separator = ""; //$NON-NLS-1$
        for (java.util.Map.Entry<dev.mirrorline.node.PairState, Integer> count : counts.entrySet()) {
            text.append(separator).append(count.getValue()).append(' ')
                    .append(count.getKey().name().toLowerCase(java.util.Locale.ROOT));
            separator = ", "; //$NON-NLS-1$
        }
        return text.toString();
    }
}
