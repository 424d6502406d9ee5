package org.tfps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 3: the domain never touches sockets, SQL, Hazelcast or config files. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tfps");
  }

  private static final String[] IO = {
    "java.net..",
    "java.nio.channels..",
    "java.sql..",
    "javax.sql..",
    "io.vertx.core.net..",
    "io.vertx.core.datagram..",
    "io.vertx.core.http..",
    "io.vertx.ext.web..",
    "io.vertx.sqlclient..",
    "io.vertx.mysqlclient..",
    "io.netty..",
    "com.hazelcast..",
    "com.typesafe.."
  };

  @Test
  void engineAndDecisionDoNoIo() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("org.tfps.engine..", "org.tfps.decision..", "org.tfps.numbers..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(IO)
            .because("the domain is pure; facts arrive through decision ports (DESIGN.md 3)");
    rule.check(classes);
  }

  @Test
  void engineDoesNotKnowVertx() {
    noClasses()
        .that()
        .resideInAnyPackage("org.tfps.engine..", "org.tfps.numbers..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..")
        .because("engine rules are synchronous")
        .check(classes);
  }

  @Test
  void onlyConfigReadsTypesafeConfig() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.tfps.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.typesafe..")
        .check(classes);
  }

  @Test
  void noHazelcastTypeLeavesTheClusterPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.tfps.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.hazelcast..")
        .because("the cluster is an adapter behind the decision ports (issue 4)")
        .check(classes);
  }

  @Test
  void nothingDependsOnApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.tfps.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.tfps.app..")
        .check(classes);
  }

  @Test
  void historyReadsCallRecordsWithTheJdkAndTheDomainOnly() {
    classes()
        .that()
        .resideInAPackage("org.tfps.history..")
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideInAnyPackage(
                    "java..",
                    "org.tfps.history..",
                    "org.tfps.numbers..",
                    "org.tfps.engine..",
                    "org.tfps.decision..",
                    // the what-if report as JSON (docs/what-if.md), as decision's ports use it
                    "io.vertx.core.json..")
                // DecisionService.decide returns a Future: the replay checks it is complete
                .or(JavaClass.Predicates.equivalentTo(Future.class)))
        .because("CDR files are read from a stream it is handed (issue 10, docs/cdr-import.md)")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.tfps.history..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(IO)
        .because("no sockets, SQL, Hazelcast or config types: the API and the store wrap it")
        .check(classes);
  }

  @Test
  void ivrReachesSipAndTheDomainOnly() {
    // DESIGN.md 3: ivr uses sip (the VerifyHandler it implements) and decision (the outcome's
    // ports); app wires it. Its media sockets are NIO datagram channels on its own media thread;
    // no SQL, Hazelcast or Typesafe Config.
    classes()
        .that()
        .resideInAPackage("org.tfps.ivr..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java.lang..",
            "java.util..",
            "java.io..",
            "java.net..",
            "java.nio",
            "java.nio.channels..",
            "java.nio.file..",
            "java.nio.charset..",
            "java.security..",
            "java.time..",
            "io.vertx.core",
            "org.slf4j..",
            "org.tfps.sip..",
            "org.tfps.decision..",
            "org.tfps.engine..",
            "org.tfps.numbers..",
            "org.tfps.config..",
            "org.tfps.ivr..")
        .because("the dialog's media side talks to SIP and the domain only (DESIGN.md 3)")
        .check(classes);
  }

  @Test
  void nothingButAppDependsOnIvr() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.tfps.ivr..", "org.tfps.app..", "org.tfps.sip..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.tfps.ivr..")
        .because("ivr is reached from the SIP side (DESIGN.md 3), wired by app")
        .check(classes);
  }

  @Test
  void domainDoesNotReachIntoAdapters() {
    noClasses()
        .that()
        .resideInAnyPackage("org.tfps.engine..", "org.tfps.decision..", "org.tfps.numbers..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.tfps.sip..", "org.tfps.api..", "org.tfps.config..")
        .check(classes);
  }
}
