package dev.mirrorline.ui.wizards;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** The small widget helpers the wizard's pages share; each widget is named for tests by a data key. */
final class WizardWidgets {

    /** The width of text fields, which sets the wizard's width: paths and fingerprints are long. */
    static final int TEXT_WIDTH = 420;

    private WizardWidgets() {
    }

    static Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(text);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).applyTo(label);
        return label;
    }

    /** A label indented under a radio button. */
    static Label indentedLabel(Composite parent, String text) {
        Label label = label(parent, text);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).indent(20, 0).applyTo(label);
        return label;
    }

    static Text text(Composite parent, String widget, int span) {
        Text text = new Text(parent, SWT.SINGLE | SWT.BORDER);
        text.setData(NewPairWizard.WIDGET_KEY, widget);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(TEXT_WIDTH, SWT.DEFAULT).applyTo(text);
        return text;
    }

    static Button radio(Composite parent, String label, String widget, int span) {
        Button radio = new Button(parent, SWT.RADIO);
        radio.setText(label);
        radio.setData(NewPairWizard.WIDGET_KEY, widget);
        GridDataFactory.swtDefaults().span(span, 1).applyTo(radio);
        return radio;
    }

    static Button push(Composite parent, String label, String widget) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setData(NewPairWizard.WIDGET_KEY, widget);
        return button;
    }

}
