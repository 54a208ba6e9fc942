package io.github.winattn.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The generated plugin descriptor and the m2e metadata say what the README promises. */
class PluginDescriptorTest {

  private static Document xml(String resource) throws Exception {
    try (InputStream in = PluginDescriptorTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the class path");
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(in);
    }
  }

  private static String child(Element e, String name) {
    NodeList l = e.getElementsByTagName(name);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
  }

  private static Element mojo(Document plugin, String goal) {
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element m = (Element) mojos.item(i);
      if (goal.equals(child(m, "goal"))) {
        return m;
      }
    }
    throw new AssertionError("no goal " + goal + " in plugin.xml");
  }

  @Test
  void generateGoalDefaults() throws Exception {
    Document plugin = xml("/META-INF/maven/plugin.xml");
    assertEquals("winattn", child(plugin.getDocumentElement(), "goalPrefix"));
    Element generate = mojo(plugin, "generate");
    assertEquals("generate-sources", child(generate, "phase"));
    assertEquals("true", child(generate, "threadSafe"));
    Element config = (Element) generate.getElementsByTagName("configuration").item(0);
    // parameter -> user property and default, as Maven will evaluate them
    String[][] expected = {
      {"configFile", "${winattn.configFile}", "${project.basedir}/src/main/winattn/kernels.yaml"},
      {
        "outputDirectory",
        "${winattn.outputDirectory}",
        "${project.build.directory}/generated-sources/winattn"
      },
      {
        "resourceOutputDirectory",
        "${winattn.resourceOutputDirectory}",
        "${project.build.directory}/generated-resources/winattn"
      },
      {"packageName", "${winattn.packageName}", ""},
      {"skip", "${winattn.skip}", "false"},
    };
    for (String[] p : expected) {
      Element e = (Element) config.getElementsByTagName(p[0]).item(0);
      assertNotNull(e, "plugin.xml has no parameter " + p[0]);
      assertEquals(p[1], e.getTextContent().trim(), p[0] + " property");
      assertEquals(p[2], e.getAttribute("default-value"), p[0] + " default");
    }
    mojo(plugin, "help");
  }

  /** Debian 12's mvn is 3.8.7: a plugin that requires more is refused there (issue 9). */
  @Test
  void runsOnMaven38() throws Exception {
    Document plugin = xml("/META-INF/maven/plugin.xml");
    String required = child(plugin.getDocumentElement(), "requiredMavenVersion");
    String[] parts = required.split("\\.");
    int version =
        Integer.parseInt(parts[0]) * 10_000
            + Integer.parseInt(parts[1]) * 100
            + Integer.parseInt(parts[2]);
    assertTrue(version <= 30807, "requiredMavenVersion " + required + " is above Debian's 3.8.7");
  }

  @Test
  void m2eRunsTheGoalIncrementally() throws Exception {
    Document m2e = xml("/META-INF/m2e/lifecycle-mapping-metadata.xml");
    Element execution = (Element) m2e.getElementsByTagName("pluginExecution").item(0);
    assertEquals("generate", child(execution, "goal"));
    assertEquals("true", child(execution, "runOnIncremental"));
  }
}
