package io.latentlab.ml.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;

/** Decodes PNG bytes for assertions and keeps a copy under target/pictures/ for a human to look at. */
public final class PictureFiles {
    private PictureFiles() {
    }

    public static BufferedImage decodeAndSave(byte[] png, String name) {
        try {
            Path dir = Paths.get("target", "pictures");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError(name + ": not a decodable image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
