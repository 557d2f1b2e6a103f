package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party store plugin as the README's plugin guide writes it, compiled here as its own named
 * module against {@code proauth2-api} alone (the guide's {@code TinyDataStore}, its provider, and
 * the guide's {@code module-info.java}), then found by the demo on the module path through its
 * {@code provides} clause, with no services file and no {@code --add-modules}.
 */
class ThirdPartyModulePathTest {

  private static final Path GUIDE_SOURCES =
      Path.of("..", "proauth2-core", "src", "test", "java", "dev", "proauth2", "thirdparty");
  private static final Path MODULE_INFO = Path.of("src", "test", "plugin", "module-info.java");

  /** Compiles the plugin module into a directory, as its author's build would. */
  private static Path compilePlugin(Path sources, Path classes) throws IOException {
    Path packageDir = sources.resolve("dev/proauth2/thirdparty");
    Files.createDirectories(packageDir);
    Files.copy(MODULE_INFO, sources.resolve("module-info.java"));
    for (String file : List.of("TinyDataStore.java", "TinyDataStoreProvider.java")) {
      Files.copy(GUIDE_SOURCES.resolve(file), packageDir.resolve(file));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "--release",
            "17",
            "-p",
            ModulePathEntries.module("proauth2-api"),
            "-d",
            classes.toString(),
            sources.resolve("module-info.java").toString(),
            packageDir.resolve("TinyDataStore.java").toString(),
            packageDir.resolve("TinyDataStoreProvider.java").toString());
    assertEquals(
        0,
        status,
        "the guide's plugin does not compile as a module:\n"
            + diagnostics.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(classes.resolve("module-info.class")));
    assertTrue(
        Files.notExists(classes.resolve("META-INF/services")), "no services file: provides only");
    return classes;
  }

  @Test
  @DisplayName(
      "the guide's plugin, compiled as a named module against proauth2-api alone, is found by its"
          + " provides clause and runs the demo on the module path")
  void thirdPartyPluginOnModulePath(@TempDir Path work) throws Exception {
    Path plugin = compilePlugin(work.resolve("src"), work.resolve("classes"));
    String modules =
        String.join(
            File.pathSeparator,
            ModulePathEntries.module("proauth2-example"),
            ModulePathEntries.module("proauth2-core"),
            ModulePathEntries.module("proauth2-api"),
            ModulePathEntries.module("authmethod-basic"),
            ModulePathEntries.signing(),
            plugin.toString());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-p",
            modules,
            "-m",
            "dev.proauth2.example/dev.proauth2.example.Main",
            "demo",
            "--store",
            "tiny:"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the demo did not finish in 60 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("Done"), output);
  }

  @Test
  @DisplayName("the README's plugin guide shows this module-info.java exactly")
  void guideShowsModuleInfo() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String moduleInfo = Files.readString(MODULE_INFO, StandardCharsets.UTF_8);
    assertTrue(
        readme.contains("```java\n" + moduleInfo + "```"),
        "README.md's plugin guide differs from src/test/plugin/module-info.java; paste it in");
  }
}
