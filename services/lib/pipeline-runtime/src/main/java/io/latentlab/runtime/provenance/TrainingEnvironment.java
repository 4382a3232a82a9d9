package io.latentlab.runtime.provenance;

import io.latentlab.proto.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a training ran, for the report: code version, JVM, DL4J/ND4J and BLAS versions, CPU model, the
 * native threads one training uses and the trainings a service runs at once. Call {@link #describe()} on
 * the training thread (the thread count is per thread: JobRunner pins it to one).
 */
@ApplicationScoped
public class TrainingEnvironment {

    private final int workers;
    private volatile Environment fixed;

    public TrainingEnvironment(@ConfigProperty(name = "smallrye.messaging.worker.trainers.max-concurrency",
            defaultValue = "1") int workers) {
        this.workers = workers;
    }

    public Environment describe() {
        Environment base = fixed;
        if (base == null) {
            base = machine();
            fixed = base;
        }
        return base.toBuilder().setThreadsPerTraining(nativeThreads()).build();
    }

    private Environment machine() {
        return Environment.newBuilder()
                .setCodeVersion(BuildInfo.current().codeVersion())
                .setJvm(System.getProperty("java.runtime.version", "?") + " (" + System.getProperty("java.vm.vendor", "?")
                        + ", " + System.getProperty("java.vm.name", "?") + ")")
                .setDl4J(mavenVersion("org.deeplearning4j", "deeplearning4j-nn"))
                .setNd4J(mavenVersion("org.nd4j", "nd4j-api") + " (" + backend() + ")")
                .setBlas(blas())
                .setCpuModel(cpuModel())
                .setAvailableProcessors(Runtime.getRuntime().availableProcessors())
                .setOs(System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                        + System.getProperty("os.arch", "?"))
                .setWorkers(workers)
                .build();
    }

    static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = TrainingEnvironment.class.getResourceAsStream(resource)) {
            if (in == null) {
                return BuildInfo.UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", BuildInfo.UNKNOWN);
        } catch (IOException e) {
            return BuildInfo.UNKNOWN;
        }
    }

    private static String backend() {
        try {
            return Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException | LinkageError e) {
            return BuildInfo.UNKNOWN;
        }
    }

    /** The vendor ND4J reports and the OpenBLAS that JavaCPP's preset bundles. */
    private static String blas() {
        String vendor;
        try {
            vendor = String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor", "?"));
        } catch (RuntimeException | LinkageError e) {
            vendor = "?";
        }
        return vendor + ", " + org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.trim()
                + " (JavaCPP preset " + mavenVersion("org.bytedeco", "openblas") + ")";
    }

    private static int nativeThreads() {
        try {
            return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch", BuildInfo.UNKNOWN));
        } catch (IOException | RuntimeException e) {
            return BuildInfo.UNKNOWN;
        }
    }
}
