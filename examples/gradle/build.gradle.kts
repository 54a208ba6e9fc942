// The Gradle build of examples/maven (copy its src/ folder here). Not tested by ./mvnw verify:
// no Gradle recent enough runs on the build machine (see README, "Use it in your project").
plugins {
    application
}

repositories {
    mavenLocal()   // winattn 0.1.0-SNAPSHOT, after ./mvnw -B install -DskipTests
    mavenCentral()
}

java {
    toolchain { languageVersion.set(JavaLanguageVersion.of(17)) }
}

val winattn by configurations.creating
dependencies {
    winattn("io.github.winattn:winattn-cli:0.1.0-SNAPSHOT")      // the generator, run at build time
    implementation("io.github.winattn:winattn-runtime:0.1.0-SNAPSHOT")
    testImplementation("org.junit.jupiter:junit-jupiter:5.11.3")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

// src/main/winattn/kernels.yaml -> Java sources and the META-INF/services registration
val winattnOut = layout.buildDirectory.dir("generated/winattn")
val generateKernels by tasks.registering(JavaExec::class) {
    classpath = winattn
    mainClass.set("io.github.winattn.cli.Main")
    args("generate", "--config", file("src/main/winattn/kernels.yaml").path,
         "--out", winattnOut.get().asFile.path)
    inputs.file("src/main/winattn/kernels.yaml")
    outputs.dir(winattnOut)
}
sourceSets.main {
    java.srcDir(generateKernels.map { winattnOut })
    resources.srcDir(generateKernels.map { winattnOut })
}

// The Vector API module: to compile the vector kernels, and in every JVM that runs them.
val vectorArgs = listOf("--add-modules", "jdk.incubator.vector")
tasks.compileJava { options.compilerArgs.addAll(vectorArgs) }
tasks.compileTestJava { options.compilerArgs.addAll(vectorArgs) }
tasks.test {
    useJUnitPlatform()
    jvmArgs(vectorArgs)
}
application {
    mainClass.set("com.example.attn.Main")
    applicationDefaultJvmArgs = vectorArgs
}
