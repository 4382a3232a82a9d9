package io.latentlab.stack.container;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The S3 stand-in image's entrypoint, called as MinIO is: {@code minio server DIR [--address :9000]
 * [--console-address :9001]} with {@code MINIO_ROOT_USER} / {@code MINIO_ROOT_PASSWORD}. s3proxy over a
 * filesystem blob store in DIR serves S3 for the root user and the users the admin API (on the console port)
 * adds. Prints {@code READY}; runs until SIGTERM.
 */
public final class MinioImageMain {

    private MinioImageMain() {
    }

    public static void main(String[] args) {
        try {
            start(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("minio stand-in failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void start(List<String> args) throws Exception {
        if (args.size() < 2 || !args.get(0).equals("server")) {
            throw new IllegalArgumentException("usage: minio server DIR [--address :9000] [--console-address :9001]");
        }
        Path dir = Path.of(args.get(1));
        int s3Port = port(args, "--address", 9000);
        int adminPort = port(args, "--console-address", 9001);
        String rootUser = requiredEnv("MINIO_ROOT_USER");
        String rootPassword = requiredEnv("MINIO_ROOT_PASSWORD");

        Files.createDirectories(dir);
        BlobStore store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://0.0.0.0:" + s3Port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, rootUser, rootPassword)
                .build();
        S3Users users = new S3Users(store, rootUser, rootPassword);
        proxy.setBlobStoreLocator(users);
        proxy.start();
        S3AdminEndpoint admin = S3AdminEndpoint.start(adminPort, users, store);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            admin.close();
            try {
                proxy.stop();
            } catch (Exception e) {
                System.err.println("error while stopping s3proxy: " + e);
            }
        }, "minio-shutdown"));
        System.out.println("READY S3 on :" + s3Port + ", admin API on :" + adminPort + ", data in " + dir);
        System.out.flush();
    }

    private static int port(List<String> args, String flag, int otherwise) {
        int at = args.indexOf(flag);
        if (at < 0) {
            return otherwise;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(flag + " needs [host]:port");
        }
        String address = args.get(at + 1);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
