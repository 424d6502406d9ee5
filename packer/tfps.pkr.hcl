# The TFPS appliance: an AWS AMI (amazon-ebs) and a local/VMware image (qemu -> OVF/OVA), both
# from Debian 12 and provisioned alike (scripts/provision.sh: OpenJDK 17 headless, MariaDB, TFPS,
# its units, firewall, sysctl). Within packer 1.6.6 syntax (Debian's packer), so CI validates it
# offline: .ci/appliance-static. Build: docs/operator-guide.md, "Building the images".

locals {
  stamp = formatdate("YYYYMMDDhhmm", timestamp())
}

source "amazon-ebs" "tfps" {
  region          = var.aws_region
  instance_type   = var.aws_instance_type
  ami_name        = "tfps-${var.tfps_version}-${local.stamp}"
  ami_description = "TFPS ${var.tfps_version}: toll-fraud prevention for SIP networks (Debian 12)"
  ami_regions     = var.aws_ami_regions
  ena_support     = true
  ssh_username    = "admin"

  source_ami_filter {
    filters = {
      name                = var.debian_ami_name
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = [var.debian_ami_owner]
    most_recent = true
  }

  launch_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = 8
    volume_type           = "gp3"
    iops                  = 3000
    throughput            = 125
    delete_on_termination = true
  }

  tags = {
    Name    = "tfps-${var.tfps_version}"
    Product = "TFPS"
    Version = var.tfps_version
    Base    = "{{ .SourceAMIName }}"
  }
}

source "qemu" "tfps" {
  iso_url          = var.debian_cloud_image
  iso_checksum     = var.debian_cloud_image_checksum
  disk_image       = true
  disk_size        = var.disk_size
  format           = "qcow2"
  disk_compression = true
  accelerator      = var.qemu_accelerator
  headless         = true
  memory           = 2048
  cpus             = 2
  net_device       = "virtio-net"
  disk_interface   = "virtio"
  output_directory = "${var.output_dir}/qemu"
  vm_name          = "tfps-${var.tfps_version}.qcow2"

  # cloud-init's NoCloud datasource fetches packer/http/user-data from packer's HTTP server: it
  # gives the build user a password for the build only.
  http_directory = "${path.root}/http"
  qemuargs = [
    ["-smbios", "type=1,serial=ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/"],
  ]

  communicator     = "ssh"
  ssh_username     = "debian"
  ssh_password     = var.build_password
  ssh_timeout      = "30m"
  shutdown_command = "sudo shutdown -P now"
}

build {
  sources = ["source.amazon-ebs.tfps", "source.qemu.tfps"]

  provisioner "shell" {
    inline = ["mkdir -p /tmp/tfps-stage/bin /tmp/tfps-stage/target /tmp/tfps-stage/docs"]
  }

  provisioner "file" {
    source      = "${path.root}/../appliance"
    destination = "/tmp/tfps-stage"
  }

  provisioner "file" {
    source      = "${path.root}/../bin/tfps-provision"
    destination = "/tmp/tfps-stage/bin/tfps-provision"
  }

  provisioner "file" {
    source      = "${path.root}/../bin/tfpsctl"
    destination = "/tmp/tfps-stage/bin/tfpsctl"
  }

  provisioner "file" {
    source      = "${path.root}/${var.tfps_jar}"
    destination = "/tmp/tfps-stage/target/tfps.jar"
  }

  provisioner "file" {
    source      = "${path.root}/../docs/operator-guide.md"
    destination = "/tmp/tfps-stage/docs/operator-guide.md"
  }

  provisioner "shell" {
    script           = "${path.root}/scripts/provision.sh"
    execute_command  = "sudo -E bash '{{ .Path }}'"
    environment_vars = ["DEBIAN_FRONTEND=noninteractive"]
  }

  provisioner "shell" {
    script          = "${path.root}/scripts/seal.sh"
    execute_command = "sudo -E bash '{{ .Path }}'"
  }

  # The local/VMware image: streamOptimized VMDK, OVF with its SHA-256 manifest, OVA.
  post-processor "shell-local" {
    only = ["qemu.tfps"]
    inline = [
      "${path.root}/scripts/make-ova.sh ${var.output_dir}/qemu/tfps-${var.tfps_version}.qcow2 ${var.output_dir}/ova ${var.tfps_version}",
      "${path.root}/../ovf/check-ovf ${var.output_dir}/ova/tfps-${var.tfps_version}.ova",
    ]
  }
}
