package dev.mirrorline.ui.tests.pages;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

import dev.mirrorline.ui.testdriver.UiDriver;

/** The Properties view, as a test sees and drives it. */
public final class PropertiesViewPage {

    private final UiDriver driver;
    private final Shell shell;

    PropertiesViewPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /** @return the property sheet's tree (its columns are Property and Value) */
    public Tree tree() {
        return driver.find(shell, Tree.class, tree -> tree.getColumnCount() == 2
                && "Property".equals(tree.getColumn(0).getText()), "the Properties view's tree");
    }

    /**
     * Waits until the Properties view lists a property with the value in its category (the view
     * shows its categories expanded).
     *
     * @param category the category, e.g. "Status"
     * @param property the property's label
     * @param value the expected value
     */
    public void waitForValue(String category, String property, String value) {
        Tree tree = tree();
        driver.waitUntil("the property '" + property + "' is '" + value + "'", () -> {
            for (TreeItem item : tree.getItems()) {
                if (category.equals(item.getText(0))) {
                    for (TreeItem child : item.getItems()) {
                        if (property.equals(child.getText(0)) && value.equals(child.getText(1))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    /**
     * @param category the category
     * @param property the property's label
     * @return its value now, or null when it is not listed
     */
    public String value(String category, String property) {
        Tree tree = tree();
        return driver.onUi(() -> {
            for (TreeItem item : tree.getItems()) {
                if (category.equals(item.getText(0))) {
                    for (TreeItem child : item.getItems()) {
                        if (property.equals(child.getText(0))) {
                            return child.getText(1);
                        }
                    }
                }
            }
            return null;
        });
    }
}
