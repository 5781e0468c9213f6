package dev.parley.it;

import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment of the integration suite: the WAR exactly as built, so
 * the tests see what ops deploy. Tests talk to it as clients do.
 */
public final class ParleyDeployment {

    private ParleyDeployment() {
    }

    @Deployment(testable = false)
    public static WebArchive parley() {
        return ShrinkWrap.create(ZipImporter.class, "parley.war")
                .importFrom(new File(System.getProperty("parley.it.war")))
                .as(WebArchive.class);
    }
}
