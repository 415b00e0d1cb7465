package dev.mirrorline.ui.about;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

import dev.mirrorline.ui.Messages;

/** Names the product, its version and the Java runtime it runs on. */
public final class AboutMirrorlineDialog extends Dialog {

    /** Data key of the label that shows the version, for tests and accessibility tools. */
    public static final String VERSION_LABEL_KEY = "dev.mirrorline.about.version"; //$NON-NLS-1$

    private Image logo;

    /** @param parentShell the shell the dialog is modal to */
    public AboutMirrorlineDialog(Shell parentShell) {
        super(parentShell);
    }

    /**
     * Formats a bundle version for people: {@code 0.1.0 (build 202611250016)}, or just
     * {@code 0.1.0} when there is no qualifier.
     *
     * @param version the bundle version
     * @return the version text
     */
    public static String displayVersion(Version version) {
        String release = version.getMajor() + "." + version.getMinor() + "." + version.getMicro(); //$NON-NLS-1$ //$NON-NLS-2$
        return version.getQualifier().isEmpty() ? release : release + " (build " + version.getQualifier() + ")"; //$NON-NLS-1$ //$NON-NLS-2$
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.About_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(16, 16).spacing(16, 8).applyTo(area);

        logo = ResourceLocator.imageDescriptorFromBundle(AboutMirrorlineDialog.class, "icons/mirrorline64.png") //$NON-NLS-1$
                .map(descriptor -> descriptor.createImage()).orElse(null);
        Label logoLabel = new Label(area, SWT.NONE);
        logoLabel.setImage(logo);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).span(1, 4).applyTo(logoLabel);

        Label name = new Label(area, SWT.NONE);
        name.setText(Messages.Window_title);
        name.setFont(JFaceResources.getHeaderFont());

        Label version = new Label(area, SWT.NONE);
        version.setText(NLS.bind(Messages.About_version,
                displayVersion(FrameworkUtil.getBundle(AboutMirrorlineDialog.class).getVersion())));
        version.setData(VERSION_LABEL_KEY, Boolean.TRUE);

        Label description = new Label(area, SWT.WRAP);
        description.setText(Messages.About_description);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(description);

        Label runtime = new Label(area, SWT.NONE);
        runtime.setText(NLS.bind(Messages.About_runtime, new Object[] { System.getProperty("java.version"), //$NON-NLS-1$
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch") })); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.CLOSE_ID, Messages.About_close, true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    @Override
    public boolean close() {
        if (logo != null) {
            logo.dispose();
            logo = null;
        }
        return super.close();
    }
}
