import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Draws the Pairs view's command icons, 16 px and 32 px ({@code @2x}, which SWT picks on HiDPI
 * screens), on a 16-unit grid. Run once with
 * {@code java tools/MakeCommandIcons.java bundles/dev.mirrorline.ui/icons/commands}; the PNGs are
 * committed.
 */
public class MakeCommandIcons {

    private static final Color LINK = new Color(0x1f, 0x4e, 0x79);
    private static final Color RED = new Color(0xc6, 0x28, 0x28);
    private static final Color GREEN = new Color(0x2e, 0x7d, 0x32);
    private static final Color ORANGE = new Color(0xe6, 0x7e, 0x00);

    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        dir.mkdirs();
        write(dir, "connect", MakeCommandIcons::connect);
        write(dir, "interrupt-link", MakeCommandIcons::interruptLink);
        write(dir, "restore-link", MakeCommandIcons::restoreLink);
        write(dir, "resync-now", MakeCommandIcons::resyncNow);
        write(dir, "verify", MakeCommandIcons::verify);
        write(dir, "start-load", MakeCommandIcons::startLoad);
        write(dir, "stop-load", MakeCommandIcons::stopLoad);
        write(dir, "delete-pair", MakeCommandIcons::deletePair);
    }

    private static void write(File dir, String name, Consumer<Graphics2D> drawing) throws Exception {
        ImageIO.write(draw(16, drawing), "png", new File(dir, name + ".png"));
        ImageIO.write(draw(32, drawing), "png", new File(dir, name + "@2x.png"));
    }

    private static BufferedImage draw(int size, Consumer<Graphics2D> drawing) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 16.0, size / 16.0);
        drawing.accept(g);
        g.dispose();
        return image;
    }

    private static void pen(Graphics2D g, Color colour, double width) {
        g.setColor(colour);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    /** One chain link: a rounded outline. */
    private static void chainLink(Graphics2D g, double x, double y) {
        g.draw(new RoundRectangle2D.Double(x, y, 7, 4.5, 4.5, 4.5));
    }

    /** A plug pushed towards a socket. */
    private static void connect(Graphics2D g) {
        pen(g, LINK, 1.6);
        g.draw(new Line2D.Double(1.5, 8, 6, 8));
        Path2D head = new Path2D.Double();
        head.moveTo(5, 4.5);
        head.lineTo(9, 8);
        head.lineTo(5, 11.5);
        head.closePath();
        g.setColor(LINK);
        g.fill(head);
        pen(g, LINK, 1.6);
        Path2D socket = new Path2D.Double();
        socket.moveTo(14.5, 3);
        socket.lineTo(11, 3);
        socket.lineTo(11, 13);
        socket.lineTo(14.5, 13);
        g.draw(socket);
    }

    /** Two chain links pulled apart, a red break between them. */
    private static void interruptLink(Graphics2D g) {
        pen(g, LINK, 1.5);
        chainLink(g, 0.8, 5.75);
        chainLink(g, 8.2, 5.75);
        pen(g, RED, 1.6);
        g.draw(new Line2D.Double(6.5, 2, 9.5, 14));
    }

    /** Two chain links joined. */
    private static void restoreLink(Graphics2D g) {
        pen(g, GREEN, 1.5);
        chainLink(g, 1.5, 5.75);
        pen(g, LINK, 1.5);
        chainLink(g, 6.5, 5.75);
    }

    /** Two arrows chasing each other round a circle. */
    private static void resyncNow(Graphics2D g) {
        pen(g, ORANGE, 1.6);
        g.draw(new Arc2D.Double(2.5, 2.5, 11, 11, 20, 150, Arc2D.OPEN));
        g.draw(new Arc2D.Double(2.5, 2.5, 11, 11, 200, 150, Arc2D.OPEN));
        g.setColor(ORANGE);
        Path2D top = new Path2D.Double();
        top.moveTo(1, 6.5);
        top.lineTo(3.2, 10);
        top.lineTo(5.6, 6.6);
        top.closePath();
        g.fill(top);
        Path2D bottom = new Path2D.Double();
        bottom.moveTo(15, 9.5);
        bottom.lineTo(12.8, 6);
        bottom.lineTo(10.4, 9.4);
        bottom.closePath();
        g.fill(bottom);
    }

    /** Two volumes side by side with a check mark: they are equal. */
    private static void verify(Graphics2D g) {
        g.setColor(LINK);
        g.fill(new RoundRectangle2D.Double(1, 2, 5, 9, 2, 2));
        g.setColor(new Color(0x9c, 0xd3, 0xf5));
        g.fill(new RoundRectangle2D.Double(7, 2, 5, 9, 2, 2));
        pen(g, GREEN, 2.2);
        Path2D tick = new Path2D.Double();
        tick.moveTo(6, 10.5);
        tick.lineTo(9, 13.5);
        tick.lineTo(14.5, 6.5);
        g.draw(tick);
    }

    /** A play triangle. */
    private static void startLoad(Graphics2D g) {
        g.setColor(GREEN);
        Path2D play = new Path2D.Double();
        play.moveTo(4, 2.5);
        play.lineTo(13.5, 8);
        play.lineTo(4, 13.5);
        play.closePath();
        g.fill(play);
    }

    /** A stop square. */
    private static void stopLoad(Graphics2D g) {
        g.setColor(RED);
        g.fill(new RoundRectangle2D.Double(3.5, 3.5, 9, 9, 2, 2));
    }

    /** A red cross. */
    private static void deletePair(Graphics2D g) {
        pen(g, RED, 2.4);
        g.draw(new Line2D.Double(3.5, 3.5, 12.5, 12.5));
        g.draw(new Line2D.Double(12.5, 3.5, 3.5, 12.5));
    }
}
