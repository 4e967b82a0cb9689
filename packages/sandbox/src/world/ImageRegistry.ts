/**
 * The sandbox's part of CI: the container images that were built. A build
 * is registered with a verdict (`bad`: it fails about 60 % of its requests
 * while it serves); releasing it is a commit of its tag to the service's
 * `values-<env>.yaml`, which the Argo CD simulator then deploys. An image
 * nobody registered is a good build.
 */
export interface RegisteredImage {
  /** `<repository>:<tag>`, e.g. `registry.acme.example/orders:1.4.0`. */
  image: string;
  bad: boolean;
  registeredAt: string;
}

export class ImageRegistry {
  private images = new Map<string, RegisteredImage>();
  private listeners: (() => void)[] = [];

  /** Registers (or re-registers, with a new verdict) a build. */
  register(image: string, bad: boolean, at = new Date()): RegisteredImage {
    const registered = { image, bad, registeredAt: at.toISOString() };
    this.images.delete(image); // re-registering moves it to the end
    this.images.set(image, registered);
    this.changed();
    return registered;
  }

  get(image: string): RegisteredImage | undefined {
    return this.images.get(image);
  }

  /** Whether the build is known to be bad (unknown builds are good). */
  isBad(image: string): boolean {
    return this.images.get(image)?.bad ?? false;
  }

  /** Every registered build, in registration order. */
  list(): RegisteredImage[] {
    return [...this.images.values()];
  }

  /** Replaces the registry's content (loading saved state). */
  restore(images: RegisteredImage[]): void {
    this.images = new Map(images.map(i => [i.image, i]));
  }

  clear(): void {
    this.images.clear();
    this.changed();
  }

  /** Called after every change (persistence saves then). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed() {
    for (const listener of this.listeners) listener();
  }
}

/** `<repository>:<tag>` with a non-empty repository and tag. */
export const IMAGE_REFERENCE =
  /^[a-z0-9][a-z0-9._\-/:]*[a-z0-9]:[\w][\w.-]{0,127}$/;
