# Variables of the TFPS appliance build (packer 1.6.6 HCL2: no plugin blocks, no data sources).
variable "tfps_version" {
  type        = string
  default     = "0.1.0"
  description = "Version in the image's name, the OVF's ProductSection and the OVA's file name."
}

variable "tfps_jar" {
  type        = string
  default     = "../target/tfps.jar"
  description = "The fat jar to install (mvn -B package -DskipTests); relative to packer/."
}

variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "aws_instance_type" {
  type    = string
  default = "t3.small"
}

variable "aws_ami_regions" {
  type        = list(string)
  default     = []
  description = "Regions the AMI is copied to after the build."
}

variable "debian_ami_owner" {
  type        = string
  default     = "136693071363"
  description = "The AWS account Debian publishes its official AMIs from."
}

variable "debian_ami_name" {
  type    = string
  default = "debian-12-amd64-*"
}

variable "debian_cloud_image" {
  type        = string
  default     = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2"
  description = "Debian 12 generic cloud image (the full kernel: VMware drivers such as vmxnet3 and pvscsi), base of the local/VMware image; a local path works too."
}

variable "debian_cloud_image_checksum" {
  type    = string
  default = "file:https://cloud.debian.org/images/cloud/bookworm/latest/SHA512SUMS"
}

variable "disk_size" {
  type    = string
  default = "8192M"
}

variable "qemu_accelerator" {
  type        = string
  default     = "kvm"
  description = "kvm, or tcg where there is no KVM (about ten times slower)."
}

variable "build_password" {
  type        = string
  default     = "tfps-build-only"
  description = "Password of the build user during the qemu build only (packer/http/user-data); locked before the image is sealed."
}

variable "output_dir" {
  type    = string
  default = "output"
}
