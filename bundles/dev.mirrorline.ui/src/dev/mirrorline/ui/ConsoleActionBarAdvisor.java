package dev.mirrorline.ui;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IStatusLineManager;
import org.eclipse.jface.action.StatusLineContributionItem;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * The console's menu bar (File, Window and Help, each with an additions group so that later
 * commands can be contributed through {@code org.eclipse.ui.menus}) and its status line.
 */
final class ConsoleActionBarAdvisor extends ActionBarAdvisor {

    /** Where plugin.xml contributes Help &gt; About Mirrorline ({@code menu:help?after=about}). */
    private static final String ABOUT_GROUP = "about"; //$NON-NLS-1$

    /** How often the status line's summary of the pairs is refreshed. */
    private static final int SUMMARY_REFRESH_MILLIS = 1000;

    private final StatusLineContributionItem pairsSummary = new StatusLineContributionItem(
            "dev.mirrorline.ui.status.pairsSummary", 40); //$NON-NLS-1$

    ConsoleActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        register(ActionFactory.QUIT.create(window));
        register(ActionFactory.PREFERENCES.create(window));
        register(ActionFactory.NEW.create(window)); // Ctrl+N: the workbench's New dialog, as in every Eclipse
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
        windowMenu.add(new Separator());
        windowMenu.add(getAction(ActionFactory.PREFERENCES.getId()));

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
        Display display = Display.getCurrent();
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

    /** @return e.g. "2 pairs: 1 consistent, 1 interrupted", from the embedded engine */
    static String pairsSummary() {
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        if (!node.isDone()) {
            return Messages.Status_startingEngine;
        }
        if (node.isCompletedExceptionally()) {
            return Messages.Status_engineFailed;
        }
        List<Pair> pairs = node.join().pairs();
        if (pairs.isEmpty()) {
            return Messages.Status_noPairs;
        }
        Map<PairState, Integer> counts = new EnumMap<>(
                PairState.class);
        for (Pair pair : pairs) {
            counts.merge(pair.status().state(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder().append(pairs.size())
                .append(pairs.size() == 1 ? " pair: " : " pairs: "); //$NON-NLS-1$ //$NON-NLS-2$
        String separator = ""; //$NON-NLS-1$
        for (Map.Entry<PairState, Integer> count : counts.entrySet()) {
            text.append(separator).append(count.getValue()).append(' ')
                    .append(count.getKey().name().toLowerCase(Locale.ROOT));
            separator = ", "; //$NON-NLS-1$
        }
        return text.toString();
    }
}
