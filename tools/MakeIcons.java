import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the Mirrorline application icon (a primary volume mirrored to a secondary) at the sizes
 * the product uses. Run once with {@code java tools/MakeIcons.java bundles/dev.mirrorline.ui/icons};
 * the PNGs are committed.
 */
public class MakeIcons {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        for (int size : new int[] { 16, 32, 48, 64, 128, 256 }) {
            ImageIO.write(draw(size), "png", new File(dir, "mirrorline" + size + ".png"));
        }
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(size / 64.0, size / 64.0);
        g.setColor(new Color(0x1f, 0x4e, 0x79));
        g.fill(new RoundRectangle2D.Double(1, 1, 62, 62, 14, 14));
        // primary volume (solid) and secondary volume (its mirror image, lighter)
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(8, 14, 18, 36, 5, 5));
        g.setColor(new Color(0x9c, 0xd3, 0xf5));
        g.fill(new RoundRectangle2D.Double(38, 14, 18, 36, 5, 5));
        // block stripes on both volumes
        g.setColor(new Color(0x1f, 0x4e, 0x79));
        for (int y = 22; y <= 38; y += 8) {
            g.fillRect(11, y, 12, 3);
            g.fillRect(41, y, 12, 3);
        }
        // replication arrow between them
        g.setColor(new Color(0xff, 0xc1, 0x07));
        g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(27, 32, 34, 32);
        Path2D head = new Path2D.Double();
        head.moveTo(33, 26);
        head.lineTo(38, 32);
        head.lineTo(33, 38);
        head.closePath();
        g.fill(head);
        g.dispose();
        return image;
    }
}
